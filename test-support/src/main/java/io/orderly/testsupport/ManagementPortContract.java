package io.orderly.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What every domain service promises about its two ports: health and its probes on the main port,
 * answered as on the management port, and no other management endpoint there. A service's test
 * (a {@code @SpringBootTest} with {@code management.server.port=0}) implements it with its ports and
 * adds what its own scrape must contain.
 */
public interface ManagementPortContract {

    HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    int mainPort();

    int managementPort();

    default HttpResponse<String> get(int onPort, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    default void healthAndItsProbesAreUpOnTheMainPortAsOnTheManagementPort() throws Exception {
        assertThat(managementPort()).isNotEqualTo(mainPort());
        for (String path :
                new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> main = get(mainPort(), path);
            assertThat(main.statusCode()).as(path).isEqualTo(200);
            assertThat(main.body())
                    .as(path)
                    .contains("\"status\":\"UP\"")
                    .isEqualTo(get(managementPort(), path).body());
        }
    }

    @Test
    default void theMainPortServesNoOtherManagementEndpoint() throws Exception {
        for (String path : new String[] {
            "/actuator",
            "/actuator/prometheus",
            "/actuator/metrics",
            "/actuator/serviceregistry",
            "/actuator/info",
            "/actuator/health/db"
        }) {
            assertThat(get(mainPort(), path).statusCode()).as(path).isEqualTo(404);
        }
    }
}
