package io.orderly.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.orderly.gateway.StubInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's rate limit kept in the Redis of this machine (127.0.0.1:6379), under a namespace of
 * this test's own: a burst above it is refused with a 429 problem and Retry-After, then served again
 * once the bucket refilled. Nothing else in that Redis is touched.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "eureka.client.enabled=false",
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=6379",
            // A loaded machine may answer slower than production's timeouts; a request that passed
            // unchecked would only make this test wait for its refusal longer.
            "spring.data.redis.timeout=5s",
            "orderly.gateway.rate-limit.call-timeout=5s",
            "orderly.gateway.rate-limit.replenish-rate=2",
            "orderly.gateway.rate-limit.burst-capacity=4"
        })
class GatewayRateLimitTest {

    static final String NAMESPACE = "orderly-rate-limit-test-" + UUID.randomUUID();
    static final HttpServer stub = StubInstance.start(new CopyOnWriteArrayList<>());

    @LocalServerPort
    int port;

    @Autowired
    GatewayRateLimiter limiter;

    @Autowired
    ReactiveStringRedisTemplate redis;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("orderly.gateway.rate-limit.namespace", () -> NAMESPACE);
        registry.add(
                "spring.cloud.discovery.client.simple.instances.inventory-service[0].uri",
                () -> "http://127.0.0.1:" + stub.getAddress().getPort());
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @Test
    void aBurstAboveTheLimitIsRefusedWith429ProblemAndRetryAfterUntilTheBucketRefills() throws Exception {
        assertThat(limiter.store()).isEqualTo(GatewayRateLimiter.Store.REDIS);

        // Each request claims another X-Forwarded-For: were it trusted, each would get a bucket of its own.
        List<HttpResponse<String>> burst = new ArrayList<>();
        while (burst.size() < 40 && (burst.isEmpty() || burst.getLast().statusCode() != 429)) {
            burst.add(get("/api/products/SKU-1", "198.51.100." + burst.size()));
        }

        assertThat(burst.subList(0, 4))
                .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        HttpResponse<String> refused = burst.stream()
                .filter(response -> response.statusCode() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no request of the burst was refused"));
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body())
                .contains(
                        "\"type\":\"https://orderly.io/problems/too-many-requests\"",
                        "\"status\":429",
                        "\"instance\":\"/api/products/SKU-1\"");
        assertThat(redis.hasKey(tokensKey()).block()).isTrue();

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/products/SKU-1", null).statusCode() == 200);
    }

    @AfterAll
    static void forgetTheBucket(@Autowired ReactiveStringRedisTemplate redis) {
        redis.delete(tokensKey(), tokensKey().replace(".tokens", ".timestamp")).block();
    }

    /** SCG's RedisRateLimiter key of this test's client: route id (here the namespace) and client key. */
    private static String tokensKey() {
        return "request_rate_limiter.{" + NAMESPACE + ".ip:127.0.0.1}.tokens";
    }

    private HttpResponse<String> get(String path, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
