package io.orderly.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's rate limit: a token bucket per client (its principal, else its address).
 *
 * @param replenishRate tokens added to a client's bucket per second: the sustained requests per second
 * @param burstCapacity the most tokens a bucket holds: how many requests a quiet client may send at once
 * @param namespace what the buckets of this gateway are called in Redis: gateways that share one see the
 *     same buckets (tests use a name of their own)
 * @param probeTimeout how long the startup PING may take before the gateway gives up on Redis and keeps
 *     its buckets in memory
 * @param callTimeout how long one request may wait for Redis before it is let through unchecked
 * @param inMemoryMaxClients the most clients whose buckets an in-memory limiter keeps (least recent go)
 * @param trustedProxies addresses or CIDR blocks of the proxies in front of the gateway (the edge
 *     HAProxy) whose {@code X-Forwarded-For} names the client; empty: the peer is the client
 */
@ConfigurationProperties("orderly.gateway.rate-limit")
record RateLimitProperties(
        @DefaultValue("50") int replenishRate,
        @DefaultValue("100") long burstCapacity,
        @DefaultValue("orderly-gateway") String namespace,
        @DefaultValue("3s") Duration probeTimeout,
        @DefaultValue("1s") Duration callTimeout,
        @DefaultValue("100000") long inMemoryMaxClients,
        @DefaultValue List<String> trustedProxies) {

    RateLimitProperties {
        if (replenishRate < 1) {
            throw new IllegalArgumentException("orderly.gateway.rate-limit.replenish-rate must be at least 1");
        }
        if (burstCapacity < replenishRate) {
            throw new IllegalArgumentException(
                    "orderly.gateway.rate-limit.burst-capacity must be at least the replenish rate");
        }
    }

    /** Seconds until a refused client has a token again: one token's worth of refill, rounded up. */
    long retryAfterSeconds() {
        return Math.max(1, (long) Math.ceil(1.0 / replenishRate));
    }
}
