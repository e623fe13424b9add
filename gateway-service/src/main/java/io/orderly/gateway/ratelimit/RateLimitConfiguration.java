package io.orderly.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.ratelimit.Bucket4jRateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Chooses, once at startup, where the rate limiter keeps its buckets: in Redis when a bounded PING
 * answers (every gateway instance then shares them), else in memory, per instance, said in one WARN
 * line. A Redis that comes up later is not picked up until the gateway restarts.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    /** Named in the {@code RequestRateLimiter} default filter; primary for the filter factory's default. */
    @Bean
    @Primary
    ClientKeyResolver clientKeyResolver(RateLimitProperties properties) {
        return new ClientKeyResolver(properties.trustedProxies());
    }

    /** Between two PINGs of the startup probe. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    @Bean
    @Primary
    GatewayRateLimiter gatewayRateLimiter(
            RateLimitProperties properties,
            ObjectProvider<RedisRateLimiter> redisRateLimiter,
            ObjectProvider<ReactiveRedisConnectionFactory> redis,
            ConfigurationService configurationService,
            Environment environment) {
        RedisRateLimiter shared = redisRateLimiter.getIfAvailable();
        ReactiveRedisConnectionFactory connections = redis.getIfAvailable();
        if (shared != null && connections != null && answers(connections, properties.probeTimeout())) {
            shared.getConfig()
                    .put(
                            properties.namespace(),
                            new RedisRateLimiter.Config()
                                    .setReplenishRate(properties.replenishRate())
                                    .setBurstCapacity(properties.burstCapacity()));
            log.info(
                    "Rate limits ({}/s, bursts of {}) kept in Redis, shared by every gateway instance",
                    properties.replenishRate(),
                    properties.burstCapacity());
            return new GatewayRateLimiter(GatewayRateLimiter.Store.REDIS, shared, properties);
        }
        log.warn(
                "No Redis answered at {}:{} within {}: rate limits ({}/s, bursts of {}) are kept in memory,"
                        + " per gateway instance, until a restart finds Redis",
                environment.getProperty("spring.data.redis.host", "localhost"),
                environment.getProperty("spring.data.redis.port", "6379"),
                properties.probeTimeout(),
                properties.replenishRate(),
                properties.burstCapacity());
        return new GatewayRateLimiter(
                GatewayRateLimiter.Store.IN_MEMORY, inMemory(properties, configurationService), properties);
    }

    private static Bucket4jRateLimiter inMemory(RateLimitProperties properties, ConfigurationService configuration) {
        AsyncProxyManager<String> buckets = Bucket4jCaffeine.<String>builderFor(
                        Caffeine.newBuilder().maximumSize(properties.inMemoryMaxClients()))
                // A full bucket is the same as none: forget it once it has refilled.
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                .build()
                .asAsync();
        Bucket4jRateLimiter limiter = new Bucket4jRateLimiter(buckets, configuration);
        limiter.getConfig()
                .put(
                        properties.namespace(),
                        new Bucket4jRateLimiter.Config()
                                .setCapacity(properties.burstCapacity())
                                .setRefillTokens((long) properties.replenishRate())
                                .setRefillPeriod(Duration.ofSeconds(1)));
        return limiter;
    }

    /**
     * Whether Redis answers a PING within the timeout; never waits longer, whatever the client does.
     * A failed attempt is tried again until then: the first connection of a fresh JVM fails fast on
     * the client's own 500 ms connect and command timeouts while a container stack starts on two
     * cores (seen in the compose test: one attempt, and the gateway kept its limits in memory).
     */
    static boolean answers(ReactiveRedisConnectionFactory connections, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            CompletableFuture<String> pong = CompletableFuture.supplyAsync(() -> {
                try (ReactiveRedisConnection connection = connections.getReactiveConnection()) {
                    return connection.ping().block(Duration.ofNanos(left));
                }
            });
            try {
                if ("PONG".equalsIgnoreCase(pong.get(left, TimeUnit.NANOSECONDS))) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (TimeoutException e) {
                pong.cancel(true);
                return false;
            } catch (ExecutionException e) {
                // refused, reset or timed out by the client: try again while there is time
            }
            try {
                Thread.sleep(Math.max(0, Math.min(RETRY_PAUSE.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
