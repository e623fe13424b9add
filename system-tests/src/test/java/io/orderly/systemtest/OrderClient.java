package io.orderly.systemtest;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Calls the API as a careful client does: an order is placed with one Idempotency-Key and resent on
 * 409-in-progress, 5xx or a broken connection; a GET is repeated on 5xx or a broken connection.
 */
final class OrderClient {

    private OrderClient() {}

    /** The final response, how many attempts it took, and the status of the first attempt (-1: no answer). */
    record Outcome(Api.Response response, int attempts, int firstStatus) {}

    static Map<String, String> headers(String key) {
        Map<String, String> headers = Ledger.json();
        headers.put("Idempotency-Key", key);
        return headers;
    }

    static Api.Response place(Api api, String key, Object body, AtomicInteger retries) {
        Outcome outcome = placeTracked(api, key, body);
        retries.addAndGet(outcome.attempts() - 1);
        return outcome.response();
    }

    static Outcome placeTracked(Api api, String key, Object body) {
        return withRetries(() -> api.post("/api/orders", body, headers(key)), true);
    }

    static Outcome read(Api api, String path) {
        return withRetries(() -> api.get(path), false);
    }

    private static Outcome withRetries(Supplier<Api.Response> call, boolean retryConflict) {
        Api.Response last = null;
        int first = 0;
        for (int attempt = 1; attempt <= 20; attempt++) {
            int status;
            try {
                last = call.get();
                status = last.status();
            } catch (IllegalStateException e) {
                last = null;
                status = -1;
            }
            if (attempt == 1) {
                first = status;
            }
            boolean retry = status == -1 || status >= 500 || (retryConflict && status == 409);
            if (!retry) {
                return new Outcome(last, attempt, first);
            }
            ServiceProcess.pause(Math.min(2000, 100L << Math.min(attempt - 1, 4)));
        }
        if (last == null) {
            throw new IllegalStateException("no answer after 20 attempts");
        }
        return new Outcome(last, 20, first);
    }
}
