package io.orderly.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks each watched instance for its readiness ({@code /actuator/health/readiness}) every 200 ms,
 * each on its own thread (an answer may take seconds while the database is gone), and keeps every
 * change of the answer with its moment: when an instance said it was not ready, and when it said it
 * was ready again.
 */
final class ReadinessWatch implements AutoCloseable {

    /** A change of an instance's readiness answer: ms since the watch's t0, and the status (-1: no answer). */
    record Change(long atMillis, int status) {}

    private static final Duration POLL = Duration.ofMillis(200);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final long t0;
    private final Map<ServiceProcess, List<Change>> changes = new LinkedHashMap<>();
    private final ScheduledExecutorService pollers;

    ReadinessWatch(List<ServiceProcess> instances, long t0) {
        this.t0 = t0;
        this.pollers = Executors.newScheduledThreadPool(
                instances.size(),
                Thread.ofPlatform().daemon().name("readiness-watch-", 0).factory());
        for (ServiceProcess p : instances) {
            List<Change> list = Collections.synchronizedList(new ArrayList<>());
            changes.put(p, list);
            pollers.scheduleWithFixedDelay(() -> poll(p, list), 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void poll(ServiceProcess p, List<Change> list) {
        int status = status(p);
        long at = (System.nanoTime() - t0) / 1_000_000;
        synchronized (list) {
            if (list.isEmpty() || list.getLast().status() != status) {
                list.add(new Change(at, status));
            }
        }
    }

    private int status(ServiceProcess p) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(p.url() + "/actuator/health/readiness"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The last answer of the instance (-1 until it answered once). */
    int current(ServiceProcess p) {
        List<Change> list = changes.get(p);
        synchronized (list) {
            return list.isEmpty() ? -1 : list.getLast().status();
        }
    }

    /** When the instance first answered other than 200 at or after {@code fromMillis}, or -1. */
    long notReadyAt(ServiceProcess p, long fromMillis) {
        return firstAfter(p, fromMillis, false);
    }

    /** When the instance first answered 200 at or after {@code fromMillis}, or -1. */
    long readyAt(ServiceProcess p, long fromMillis) {
        return firstAfter(p, fromMillis, true);
    }

    private long firstAfter(ServiceProcess p, long fromMillis, boolean ready) {
        List<Change> list = changes.get(p);
        synchronized (list) {
            return list.stream()
                    .filter(c -> c.atMillis() >= fromMillis && (c.status() == 200) == ready)
                    .mapToLong(Change::atMillis)
                    .findFirst()
                    .orElse(-1);
        }
    }

    @Override
    public void close() {
        pollers.shutdownNow();
    }
}
