package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A bounded, paced load through the gateway while a fault is injected, as careful clients make it:
 * order loops, each order with its own Idempotency-Key and resent with the same key on a 503, a 409
 * in-progress or no answer (OrderClient, a bounded number of times); read loops over products,
 * accounts and the orders placed. Every single attempt is kept (when, how long, what came back), so
 * that the test can say what clients saw during the outage.
 */
final class OutageLoad implements AutoCloseable {

    static final Duration ORDER_EVERY = Duration.ofMillis(200);
    static final Duration READ_EVERY = Duration.ofMillis(100);
    /** Upper bound of a load loop's life; the test stops it well before. */
    static final Duration MAX_TIME = Duration.ofMinutes(4);

    /** One attempt: what kind of call, when it was sent (ms since t0), how long it took, what came back. */
    record Attempt(
            boolean order,
            String path,
            long atMillis,
            long millis,
            int status,
            String retryAfter,
            String contentType,
            String problemType) {

        boolean failed() {
            return status < 200 || status >= 300;
        }

        long endMillis() {
            return atMillis + millis;
        }

        /** A short name of the answer for counting: {@code order 503 service-unavailable}, {@code read 200}. */
        String kind() {
            String what = (order ? "order " : "read ") + (status < 0 ? "no answer" : status);
            return problemType == null || problemType.isEmpty() ? what : what + " " + problemType;
        }
    }

    private final Api api;
    private final long t0;
    private final String run;
    private final List<String> customers;
    private final List<String> skus;
    private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    /** Idempotency-Key to the final status its client got. */
    private final Map<String, Integer> finalStatus = new ConcurrentHashMap<>();
    /** Idempotency-Key to the order id it was given (201 or 202). */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

    private final List<String> placedIds = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger keys = new AtomicInteger();
    private final List<PacedLoad> loops = new ArrayList<>();

    OutageLoad(Api api, long t0, String run, List<String> customers, List<String> skus) {
        this.api = api;
        this.t0 = t0;
        this.run = run;
        this.customers = List.copyOf(customers);
        this.skus = List.copyOf(skus);
    }

    /** Starts {@code orderLoops} order loops and {@code readLoops} read loops. */
    OutageLoad start(int orderLoops, int readLoops) {
        for (int l = 0; l < orderLoops; l++) {
            loops.add(PacedLoad.start("outage-orders-" + l, ORDER_EVERY, 5_000, MAX_TIME, this::placeOne));
        }
        for (int l = 0; l < readLoops; l++) {
            AtomicInteger reads = new AtomicInteger(l);
            loops.add(PacedLoad.start(
                    "outage-reads-" + l, READ_EVERY, 50_000, MAX_TIME, () -> readOne(reads.getAndIncrement())));
        }
        return this;
    }

    private void placeOne() {
        int i = keys.getAndIncrement();
        String key = "dbout-" + run + "-" + i;
        Orders.PlaceOrder body = Orders.of(customers.get(i % customers.size()), skus.get(i % skus.size()), 1 + i % 3);
        OrderClient.Outcome outcome = OrderClient.placeTracked(api, key, body, a -> record(true, "/api/orders", a));
        Api.Response last = outcome.response();
        finalStatus.put(key, last.status());
        if (last.status() == 201 || last.status() == 202) {
            String id = last.json().path("id").asString();
            acknowledged.put(key, id);
            placedIds.add(id);
        }
    }

    private void readOne(int i) {
        String path = switch (i % 3) {
            case 0 -> "/api/products/" + skus.get(i % skus.size());
            case 1 -> "/api/accounts/" + customers.get(i % customers.size());
            default -> {
                String id = placedIds.isEmpty() ? null : placedIds.get(i % placedIds.size());
                yield id == null ? "/api/orders?size=1" : "/api/orders/" + id;
            }
        };
        OrderClient.read(api, path, a -> record(false, path.replaceAll("/[0-9a-f-]{36}$", "/{id}"), a));
    }

    private void record(boolean order, String path, OrderClient.Attempt a) {
        Api.Response r = a.response();
        String problemType = null;
        if (r != null && r.status() >= 400) {
            try {
                String type = r.problemType();
                problemType = type.substring(type.lastIndexOf('/') + 1);
            } catch (RuntimeException e) {
                problemType = "(not a problem detail)";
            }
        }
        attempts.add(new Attempt(
                order,
                path,
                (a.startNanos() - t0) / 1_000_000,
                a.nanos() / 1_000_000,
                a.status(),
                r == null ? null : r.header("Retry-After"),
                r == null ? null : r.header("Content-Type"),
                problemType));
    }

    /** Orders accepted (201 or 202) so far. */
    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Successful attempts (2xx) sent at or after {@code fromMillis}. */
    long successesSince(long fromMillis) {
        synchronized (attempts) {
            return attempts.stream()
                    .filter(a -> !a.failed() && a.atMillis() >= fromMillis)
                    .count();
        }
    }

    List<Attempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    /** Keys whose client ended without an accepted order, with the status it ended on. */
    Map<String, Integer> notAccepted() {
        return finalStatus.entrySet().stream()
                .filter(e -> e.getValue() != 201 && e.getValue() != 202)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    int keysUsed() {
        return finalStatus.size();
    }

    Set<String> acknowledgedIds() {
        return Set.copyOf(acknowledged.values());
    }

    /**
     * Every key's careful client was given an order, and {@code orders} (all orders of the load's
     * customers) are exactly the acknowledged ones, one per key, none listed twice.
     */
    void assertExactlyTheAcknowledgedOrders(List<JsonNode> orders) {
        Set<String> ids = orders.stream().map(o -> o.path("id").asString()).collect(Collectors.toSet());
        assertThat(notAccepted())
                .as("keys whose careful client was not given an order")
                .isEmpty();
        assertThat(ids)
                .as("the orders in the system are exactly the accepted ones, one per key")
                .isEqualTo(acknowledgedIds())
                .hasSize(keysUsed());
        assertThat(orders).as("no order twice").hasSize(ids.size());
    }

    /**
     * Every failed answer is one a client can act on: a 503 service-unavailable problem with
     * Retry-After, or a 409 for an order whose key's first request may still run; never a 500, never
     * no answer.
     */
    static void assertRetryable(List<Attempt> failures) {
        assertThat(failures)
                .as("every failed answer is a 503 service-unavailable problem with Retry-After, or a 409 while the"
                        + " key's first request may still run; never a 500, never no answer")
                .allSatisfy(a -> {
                    if (a.order() && a.status() == 409) {
                        assertThat(a.problemType()).isEqualTo("idempotency-key-in-progress");
                        return;
                    }
                    assertThat(a.status()).as(a.toString()).isEqualTo(503);
                    assertThat(a.problemType()).as(a.toString()).isEqualTo("service-unavailable");
                    assertThat(a.contentType()).as(a.toString()).startsWith("application/problem+json");
                    assertThat(a.retryAfter()).as(a.toString()).isNotBlank();
                });
    }

    /** Attempts counted by {@link Attempt#kind()}, sorted by name. */
    Map<String, Long> countsByKind() {
        return attempts().stream().collect(Collectors.groupingBy(Attempt::kind, TreeMap::new, Collectors.counting()));
    }

    /** Stops every loop after its call in progress (whose retries finish first) and rethrows a loop's failure. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (PacedLoad loop : loops) {
            try {
                loop.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        loops.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
