package io.orderly.systemtest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every answer a load loop got, counted by status ({@code -1}: no answer at all), with the first
 * few that were not 2xx kept for the failure message. Thread-safe.
 */
final class StatusTally {

    private static final int KEPT = 10;

    private final String name;
    private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> firstFailures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failures = new AtomicInteger();

    StatusTally(String name) {
        this.name = name;
    }

    /** Makes the call, counts its status, and returns the response (null when there was none). */
    Api.Response record(String what, Supplier<Api.Response> call) {
        Api.Response response;
        int status;
        String body;
        try {
            response = call.get();
            status = response.status();
            body = response.body();
        } catch (IllegalStateException e) {
            response = null;
            status = -1;
            body = e.getMessage();
        }
        counts.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status < 200 || status > 299) {
            if (failures.incrementAndGet() <= KEPT) {
                firstFailures.add(what + " -> " + status + " " + abbreviate(body));
            }
        }
        return response;
    }

    int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Answers that were not 2xx, no answer included. */
    int failures() {
        return failures.get();
    }

    int count(int status) {
        AtomicInteger n = counts.get(status);
        return n == null ? 0 : n.get();
    }

    List<String> firstFailures() {
        return List.copyOf(firstFailures);
    }

    @Override
    public String toString() {
        Map<Integer, Integer> sorted = new TreeMap<>();
        counts.forEach((status, n) -> sorted.put(status, n.get()));
        return name + ": " + total() + " requests, by status " + sorted;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
