package io.orderly.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.ManagementPortContract;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health on the main port; metrics, the scrape and the rest of the actuator only on the management port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ActuatorTest implements ManagementPortContract {

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
    void prometheusScrapesHttpAndDatabaseMetricsOnTheManagementPort() throws Exception {
        get(port, "/api/products");

        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("http_server_requests_seconds_count", "hikaricp_connections", "jvm_memory_used_bytes");
    }
}
