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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With no Redis to be reached (a port nothing listens on), the gateway says so in one WARN line at
 * startup and limits each client in memory instead.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "eureka.client.enabled=false",
            "spring.data.redis.host=127.0.0.1",
            "orderly.gateway.rate-limit.replenish-rate=2",
            "orderly.gateway.rate-limit.burst-capacity=3",
            // The startup probe tries again until its timeout: a short one keeps this test quick.
            "orderly.gateway.rate-limit.probe-timeout=1s"
        })
class GatewayRateLimitFallbackTest {

    static final HttpServer stub = StubInstance.start(new CopyOnWriteArrayList<>());
    static final int noRedis = StubInstance.deadPort();

    @LocalServerPort
    int port;

    @Autowired
    GatewayRateLimiter limiter;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", () -> noRedis);
        registry.add(
                "spring.cloud.discovery.client.simple.instances.inventory-service[0].uri",
                () -> "http://127.0.0.1:" + stub.getAddress().getPort());
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @Test
    void withoutRedisTheLimitIsKeptInMemoryAndTheStartupSaysSoOnce(CapturedOutput output) throws Exception {
        assertThat(limiter.store()).isEqualTo(GatewayRateLimiter.Store.IN_MEMORY);
        assertThat(output.getOut().lines().filter(line -> line.contains("No Redis answered at 127.0.0.1:" + noRedis)))
                .singleElement()
                .satisfies(line -> assertThat(line).contains("WARN", "kept in memory"));

        List<HttpResponse<String>> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(get());
        }
        assertThat(burst.subList(0, 3))
                .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        HttpResponse<String> refused = burst.stream()
                .filter(response -> response.statusCode() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no request of the burst was refused"));
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("\"type\":\"https://orderly.io/problems/too-many-requests\"");

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get().statusCode() == 200);
    }

    private HttpResponse<String> get() throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products/SKU-1"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
