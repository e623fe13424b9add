package io.orderly.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter.Response;
import reactor.core.publisher.Mono;

class GatewayRateLimiterTest {

    final RateLimitProperties properties =
            new RateLimitProperties(2, 4, "ns", Duration.ofSeconds(1), Duration.ofMillis(100), 10, List.of());

    @Test
    void everyRouteDrawsFromTheClientsOneBucketInTheNamespace() {
        var limiter = limiter((route, id) -> Mono.just(new Response(true, Map.of("route", route, "id", id))));

        Response response = limiter.isAllowed("orders", "ip:10.0.0.1").block();

        assertThat(response.getHeaders()).containsEntry("route", "ns").containsEntry("id", "ip:10.0.0.1");
    }

    @Test
    void aRefusalSaysWhenToRetry() {
        var limiter = limiter((route, id) -> Mono.just(new Response(false, Map.of("X-RateLimit-Remaining", "0"))));

        Response response = limiter.isAllowed("orders", "ip:10.0.0.1").block();

        assertThat(response.isAllowed()).isFalse();
        assertThat(response.getHeaders()).containsEntry("Retry-After", "1").containsKey("X-RateLimit-Remaining");
    }

    @Test
    void aStoreThatFailsLetsTheRequestThrough() {
        var limiter = limiter((route, id) -> Mono.error(new IllegalStateException("Redis is gone")));

        assertThat(limiter.isAllowed("orders", "ip:10.0.0.1").block().isAllowed())
                .isTrue();
    }

    @Test
    void redisRateLimitersAnswerWhenRedisFailedLetsTheRequestThrough() {
        var limiter = limiter((route, id) -> Mono.just(new Response(true, Map.of("X-RateLimit-Remaining", "-1"))));

        assertThat(limiter.isAllowed("orders", "ip:10.0.0.1").block().isAllowed())
                .isTrue();
    }

    @Test
    void aStoreThatHangsLetsTheRequestThroughAfterTheCallTimeout() {
        var limiter = limiter((route, id) -> Mono.never());

        long start = System.nanoTime();
        assertThat(limiter.isAllowed("orders", "ip:10.0.0.1")
                        .block(Duration.ofSeconds(5))
                        .isAllowed())
                .isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    private GatewayRateLimiter limiter(BiFunction<String, String, Mono<Response>> answer) {
        return new GatewayRateLimiter(GatewayRateLimiter.Store.REDIS, new Stub(answer), properties);
    }

    private record Stub(BiFunction<String, String, Mono<Response>> answer) implements RateLimiter<Object> {
        @Override
        public Mono<Response> isAllowed(String routeId, String id) {
            return answer.apply(routeId, id);
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
}
