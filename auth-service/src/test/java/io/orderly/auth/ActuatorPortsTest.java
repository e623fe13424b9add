package io.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.ManagementPortContract;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** auth-service keeps the two-port promise of every service, its login form notwithstanding. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"eureka.client.enabled=false", "management.server.port=0"})
class ActuatorPortsTest implements ManagementPortContract {

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
    void thePrometheusScrapeNeedsNoLoginOnTheManagementPort() throws Exception {
        var scrape = get(managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
    }
}
