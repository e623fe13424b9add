package io.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With an empty retry budget, the request that meets a dead instance is not retried. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "eureka.client.enabled=false",
            "orderly.gateway.retry-budget.ratio=0",
            "orderly.gateway.retry-budget.min-per-second=0",
            "orderly.gateway.retry-budget.max-balance=0",
            "orderly.gateway.rate-limit.namespace=retry-budget-test-${random.uuid}",
            "orderly.gateway.rate-limit.replenish-rate=100000",
            "orderly.gateway.rate-limit.burst-capacity=100000"
        })
class GatewayRetryBudgetTest {

    static final HttpServer live = StubInstance.start(new CopyOnWriteArrayList<>());
    static final int dead = StubInstance.deadPort();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.cloud.discovery.client.simple.instances.inventory-service[0].uri",
                () -> "http://127.0.0.1:" + dead);
        registry.add(
                "spring.cloud.discovery.client.simple.instances.inventory-service[1].uri",
                () -> "http://127.0.0.1:" + live.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        live.stop(0);
    }

    @Test
    void anEmptyBudgetAnswersTheFailedAttemptInsteadOfRetryingIt() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products/SKU-1"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode());
        }
        // The dead instance is met once (then ejected): that request is not retried.
        assertThat(statuses).contains(503);
        assertThat(statuses).filteredOn(s -> s == 200).hasSizeGreaterThanOrEqualTo(25);
        String metrics = http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                                .header("Accept", "text/plain")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).containsPattern("orderly_gateway_retries_total\\{[^}]*outcome=\"refused\"[^}]*} [1-9]");
    }
}
