package io.orderly.systemtest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.IterativePollInterval;

/**
 * Calls the API as a careful client does: an order is placed with one Idempotency-Key and resent on
 * 409-in-progress, 5xx or a broken connection; a GET is repeated on 5xx or a broken connection.
 */
final class OrderClient {

    static final int MAX_ATTEMPTS = 20;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofMillis(1600);
    /** 20 attempts take about 25 s of backoff plus the calls themselves (each at most 15 s). */
    static final Duration RETRY_TIME = Duration.ofSeconds(90);

    private OrderClient() {}

    /** The final response, how many attempts it took, and the status of the first attempt (-1: no answer). */
    record Outcome(Api.Response response, int attempts, int firstStatus) {}

    /** One call of the retry loop: when it started (System.nanoTime), how long it took, and its answer (null: none). */
    record Attempt(long startNanos, long nanos, Api.Response response) {

        int status() {
            return response == null ? -1 : response.status();
        }
    }

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
        return placeTracked(api, key, body, attempt -> {});
    }

    /** As {@link #placeTracked(Api, String, Object)}, telling {@code observer} of every attempt. */
    static Outcome placeTracked(Api api, String key, Object body, Consumer<Attempt> observer) {
        Api customer = onBehalfOf(api, body);
        return withRetries(() -> customer.post("/api/orders", body, headers(key)), true, observer);
    }

    /**
     * The API as the customer an order is for: a customer places orders only for itself, with its
     * own token. A body that names no customer (a raw string) goes as {@code api} is.
     */
    static Api onBehalfOf(Api api, Object body) {
        String customer = null;
        if (body instanceof Orders.PlaceOrder order) {
            customer = order.customerId();
        } else if (body instanceof Map<?, ?> map && map.get("customerId") instanceof String id) {
            customer = id;
        }
        return customer == null || !api.canLogIn() ? api : api.as(customer);
    }

    static Outcome read(Api api, String path) {
        return read(api, path, attempt -> {});
    }

    /** As {@link #read(Api, String)}, telling {@code observer} of every attempt. */
    static Outcome read(Api api, String path, Consumer<Attempt> observer) {
        return withRetries(() -> api.get(path), false, observer);
    }

    /**
     * Up to MAX_ATTEMPTS calls, the first at once, then with exponential backoff (100 ms doubling up to
     * 1.6 s, as before), until an answer that is not worth repeating; at most RETRY_TIME in all.
     */
    private static Outcome withRetries(Supplier<Api.Response> call, boolean retryConflict, Consumer<Attempt> observer) {
        AtomicReference<Api.Response> last = new AtomicReference<>();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger first = new AtomicInteger();
        try {
            await().pollInSameThread()
                    .atMost(RETRY_TIME)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(IterativePollInterval.iterative(
                            d -> d.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d.multipliedBy(2),
                            FIRST_BACKOFF.dividedBy(2))) // applied once before the first wait
                    .until(() -> {
                        int status;
                        long start = System.nanoTime();
                        try {
                            last.set(call.get());
                            status = last.get().status();
                        } catch (IllegalStateException e) {
                            last.set(null);
                            status = -1;
                        }
                        observer.accept(new Attempt(start, System.nanoTime() - start, last.get()));
                        if (attempts.incrementAndGet() == 1) {
                            first.set(status);
                        }
                        boolean retry = status == -1 || status >= 500 || (retryConflict && status == 409);
                        return !retry || attempts.get() >= MAX_ATTEMPTS;
                    });
        } catch (ConditionTimeoutException e) {
            // RETRY_TIME spent: the last answer stands, as after MAX_ATTEMPTS.
        }
        if (last.get() == null) {
            throw new IllegalStateException("no answer after " + attempts.get() + " attempts");
        }
        return new Outcome(last.get(), attempts.get(), first.get());
    }
}
