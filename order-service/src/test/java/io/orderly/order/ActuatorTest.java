package io.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.ManagementPortContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Health on the main port; metrics, the scrape and the rest of the actuator only on the management port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ActuatorTest implements ManagementPortContract {

    @DynamicPropertySource
    static void trustTestTokens(DynamicPropertyRegistry registry) {
        Callers.trustTestTokens(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Override
    public int mainPort() {
        return port;
    }

    @Override
    public int managementPort() {
        return managementPort;
    }

    @Test
    void prometheusScrapesTheSagaMetricsOnTheManagementPort() throws Exception {
        HttpResponse<String> order = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                        + "/api/orders/00000000-0000-0000-0000-000000000000"))
                                .header("Authorization", "Bearer " + Callers.TOKENS.admin())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(order.statusCode()).isEqualTo(404);

        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("orderly_saga_started_total", "orderly_saga_stuck", "resilience4j_circuitbreaker_state");
    }
}
