package io.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.orderly.loadbalancer.OrderlyLoadBalancer;
import io.orderly.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway against stub services registered in a simple discovery client: what it routes,
 * what it refuses, and that a dead instance costs a GET nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "eureka.client.enabled=false",
            "management.server.port=0",
            "spring.cloud.discovery.client.simple.order=0",
            // Many requests from one address: not what this test is about (GatewayRateLimitTest is).
            "orderly.gateway.rate-limit.namespace=routing-test-${random.uuid}",
            "orderly.gateway.rate-limit.replenish-rate=100000",
            "orderly.gateway.rate-limit.burst-capacity=100000"
        })
class GatewayRoutingTest {

    static final List<String> seen = new CopyOnWriteArrayList<>();
    static final HttpServer stub = StubInstance.start(seen);
    static final int deadPort = StubInstance.deadPort();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Routing and limits are about any caller with a valid token: a customer's (GatewaySecurityTest is about the token). */
    static final String BEARER = "Bearer " + TestTokens.shared().customer("c-1");

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        TestTokens.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
        String live = "http://127.0.0.1:" + stub.getAddress().getPort();
        String dead = "http://127.0.0.1:" + deadPort;
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", () -> dead);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[1].uri", () -> live);
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", () -> live);
        // payment-service has no instance at all.
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @BeforeEach
    void clear() {
        seen.clear();
    }

    @Test
    void routesPublicPathsWithoutRewritingThem() throws Exception {
        HttpResponse<String> response = get("/api/products/SKU-1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen).contains("GET /api/products/SKU-1");

        assertThat(get("/api/orders").statusCode()).isEqualTo(200);
        assertThat(seen).contains("GET /api/orders");
    }

    @Test
    void neverRoutesParticipantEndpoints() throws Exception {
        for (String path : List.of("/reservations/o-1", "/payments/o-1", "/reservations/o-1/confirm")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertProblem(response, "not-found");
        }
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(uri("/reservations/o-1"))
                        .header("Authorization", BEARER)
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(seen).isEmpty();
    }

    @Test
    void unknownPathsAnswerProblemDetails() throws Exception {
        HttpResponse<String> response = get("/nowhere");
        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response, "not-found");
    }

    @Test
    void aServiceWithoutInstancesAnswers503ProblemAtOnce() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/accounts/c-1");
        assertThat(response.statusCode()).isEqualTo(503);
        assertProblem(response, "service-unavailable");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        // Answered by the breaker's fallback, forwarded inside the gateway.
        assertThat(response.body()).contains("payment-service is unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void theFallbackAskedForDirectlyIsNotFoundAndEchoesNothing() throws Exception {
        for (String path : List.of("/fallback/payment-service", "/fallback/%3Cscript%3Ealert(1)%3C%2Fscript%3E")) {
            HttpResponse<String> response = get(path);
            // Spring Security's firewall refuses the encoded slash of the second before any routing.
            boolean firewall = path.contains("%2F");
            assertThat(response.statusCode()).as(path).isEqualTo(firewall ? 400 : 404);
            assertProblem(response, firewall ? "bad-request" : "not-found");
            assertThat(response.body()).doesNotContain("payment-service", "script", "fallback");
            assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        }
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(uri("/fallback/order-service"))
                        .header("Authorization", BEARER)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.body()).doesNotContain("order-service");
        assertThat(seen).isEmpty();
    }

    @Autowired
    ReactiveResilience4JCircuitBreakerFactory breakers;

    @Test
    void aServiceWithoutInstancesNeverOpensItsBreaker() throws Exception {
        // Above the breaker's minimum number of calls (20) and its 50% failure threshold.
        for (int i = 0; i < 30; i++) {
            assertThat(get("/api/accounts/c-" + i).statusCode()).isEqualTo(503);
        }

        CircuitBreaker breaker = breakers.getCircuitBreakerRegistry().circuitBreaker("payment-service");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void isNotReadyWhileARoutedServiceHasNoInstance() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
    }

    @Test
    void theMainPortAnswersHealthAsTheManagementPortDoes() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> main = get(path);
            HttpResponse<String> management = get(managementPort, path);
            assertThat(main.statusCode()).as(path).isEqualTo(management.statusCode());
            assertThat(main.body()).as(path).contains("\"status\":").isEqualTo(management.body());
        }
    }

    @Test
    void managementEndpointsAnswerOnlyOnTheManagementPort() throws Exception {
        assertThat(get(managementPort, "/actuator/prometheus").statusCode()).isEqualTo(200);
        for (String path : List.of(
                "/actuator",
                "/actuator/prometheus",
                "/actuator/metrics",
                "/actuator/serviceregistry",
                "/actuator/gateway/routes",
                "/actuator/health/routeInstances")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aDeadInstanceCostsAGetNothingBecauseItIsRetriedOnTheOther() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(get("/api/products/SKU-" + i).statusCode()).isEqualTo(200);
        }
    }

    @Autowired
    LoadBalancerClientFactory balancers;

    @Test
    void balancesWithOrderlysLatencyAwareBalancer() {
        assertThat(balancers.getInstance("inventory-service")).isInstanceOf(OrderlyLoadBalancer.class);
    }

    @Test
    void manyConcurrentSlowRequestsAreAllForwarded() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            responses.add(http.sendAsync(
                    HttpRequest.newBuilder(uri("/api/orders/slow"))
                            .header("Authorization", BEARER)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPostWithoutIdempotencyKeyIsForwardedOnce() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/api/orders"))
                        .header("Authorization", BEARER)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen).containsExactly("POST /api/orders");
    }

    private void assertProblem(HttpResponse<String> response, String slug) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"https://orderly.io/problems/" + slug + "\"");
        assertThat(response.body()).doesNotContain("\"trace\"", "exception", "stackTrace");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", BEARER)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int onPort, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
