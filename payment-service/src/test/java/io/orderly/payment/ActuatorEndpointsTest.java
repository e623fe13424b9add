package io.orderly.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health on the main port; metrics, the scrape and the rest of the actuator only on the management port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ActuatorEndpointsTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int onPort, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndItsProbesAreUpOnTheMainPortAsOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        for (String path :
                new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> main = get(port, path);
            assertThat(main.statusCode()).as(path).isEqualTo(200);
            assertThat(main.body())
                    .as(path)
                    .contains("\"status\":\"UP\"")
                    .isEqualTo(get(managementPort, path).body());
        }
    }

    @Test
    void prometheusScrapeListsJvmAndHttpMetricsOnTheManagementPort() throws Exception {
        get(port, "/api/accounts/c-1");

        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds");
    }

    @Test
    void theMainPortServesNoOtherManagementEndpoint() throws Exception {
        for (String path : new String[] {
            "/actuator",
            "/actuator/prometheus",
            "/actuator/metrics",
            "/actuator/serviceregistry",
            "/actuator/info",
            "/actuator/health/db"
        }) {
            assertThat(get(port, path).statusCode()).as(path).isEqualTo(404);
        }
    }
}
