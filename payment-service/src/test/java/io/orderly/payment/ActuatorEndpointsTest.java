package io.orderly.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.ManagementPortContract;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** Health on the main port; metrics, the scrape and the rest of the actuator only on the management port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(StandInAuthServer.class)
class ActuatorEndpointsTest implements ManagementPortContract {

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
    void prometheusScrapeListsJvmAndHttpMetricsOnTheManagementPort() throws Exception {
        HttpResponse<String> account = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/accounts/c-1"))
                        .header("Authorization", "Bearer " + PaymentServiceClient.TOKENS.customer("c-1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(account.statusCode()).isEqualTo(200);

        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds");
    }
}
