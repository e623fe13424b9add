package io.orderly.gateway.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import reactor.core.publisher.Mono;

/**
 * The rate limiter of the gateway's {@code RequestRateLimiter} default filter: one bucket per client
 * for the whole gateway (not one per route), kept by Spring Cloud Gateway's {@code RedisRateLimiter}
 * or, when no Redis answered at startup, by its in-memory {@code Bucket4jRateLimiter}. A refusal
 * carries {@code Retry-After}.
 *
 * <p>A Redis that fails or stops answering after startup lets requests through unchecked (as
 * {@code RedisRateLimiter} does on an error, and here also after {@code callTimeout}): the gateway
 * must not fail, nor hang, because its limiter's store did.
 */
final class GatewayRateLimiter implements RateLimiter<Object> {

    private static final Logger log = LoggerFactory.getLogger(GatewayRateLimiter.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    /** RedisRateLimiter's answer when Redis failed: allowed, with -1 tokens remaining. */
    private static final String REMAINING = "X-RateLimit-Remaining";

    private static final String UNCHECKED = "-1";

    /** Where the buckets are. */
    enum Store {
        REDIS,
        IN_MEMORY
    }

    private final Store store;
    private final RateLimiter<?> delegate;
    private final String namespace;
    private final Duration callTimeout;
    private final String retryAfter;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    GatewayRateLimiter(Store store, RateLimiter<?> delegate, RateLimitProperties properties) {
        this.store = store;
        this.delegate = delegate;
        this.namespace = properties.namespace();
        this.callTimeout = properties.callTimeout();
        this.retryAfter = Long.toString(properties.retryAfterSeconds());
    }

    Store store() {
        return store;
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        // The namespace, not the route, names the bucket: a client's budget is the gateway's, however
        // many routes it calls.
        return delegate.isAllowed(namespace, id)
                .timeout(callTimeout)
                .onErrorResume(error -> {
                    warnNowAndThen(error.toString());
                    return Mono.just(new Response(true, Map.of()));
                })
                .doOnNext(response -> {
                    if (UNCHECKED.equals(response.getHeaders().get(REMAINING))) {
                        warnNowAndThen("the store failed");
                    }
                })
                .map(this::withRetryAfter);
    }

    private Response withRetryAfter(Response response) {
        if (response.isAllowed()) {
            return response;
        }
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put("Retry-After", retryAfter);
        return new Response(false, headers);
    }

    /** At most one line per 30 s: under load, a line per request would flood the log. */
    private void warnNowAndThen(String cause) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn(
                    "Rate limiter ({}) failed or took over {}: requests pass unchecked until it answers ({})",
                    store,
                    callTimeout,
                    cause);
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        return Map.of();
    }

    @Override
    public Class<Object> getConfigClass() {
        return Object.class;
    }

    @Override
    public Object newConfig() {
        return new Object();
    }
}
