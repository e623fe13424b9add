package io.orderly.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.appinfo.HealthCheckHandler;
import com.netflix.eureka.EurekaServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {RegistryRequests.USER_PROPERTY, RegistryRequests.PASSWORD_PROPERTY, "management.server.port=0"})
class DiscoveryApplicationTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return get(port, path, accept);
    }

    private HttpResponse<String> get(int onPort, String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                        .header("Accept", accept)
                        .header("Authorization", RegistryRequests.CREDENTIALS)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEmptyRegistryRefusesFetchesAtFirstSoThatClientsKeepTheirCachedCopy() throws Exception {
        // Within 10 s of an empty start: 403, and an Eureka client keeps the registry it has.
        assertThat(get("/eureka/apps", "application/json").statusCode()).isEqualTo(403);
    }

    @Test
    void reportsHealthyOnTheMainPortAsOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> health = get(path, "application/json");
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            assertThat(health.body())
                    .as(path)
                    .contains("\"UP\"")
                    .isEqualTo(get(managementPort, path, "application/json").body());
        }
    }

    @Test
    void servesMetricsOnlyOnTheManagementPort() throws Exception {
        // (No Prometheus registry in the registry server: its metrics endpoint stands for the others.)
        assertThat(get(managementPort, "/actuator/metrics", "application/json").statusCode())
                .isEqualTo(200);
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/serviceregistry")) {
            assertThat(get(path, "application/json").statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void doesNotTakePartInTheRegistryLifecycleOfTheServicesItServes(@Autowired ApplicationContext context) {
        // service-lifecycle is here for the health paths; its registry pieces back off in a
        // server that does not register itself (a 5 s deregistration delay at every stop, else).
        assertThat(context.getBeanNamesForType(SmartLifecycle.class))
                .noneMatch(name -> name.toLowerCase().contains("leaveregistryfirst"));
        assertThat(context.getBeanNamesForType(HealthCheckHandler.class)).isEmpty();
    }

    @Autowired
    EurekaServerConfig config;

    @Test
    void evictsKilledInstancesWithinSecondsByDefault() {
        assertThat(config.shouldEnableSelfPreservation()).isFalse();
        assertThat(config.getEvictionIntervalTimerInMs()).isEqualTo(2000);
        assertThat(config.getResponseCacheUpdateIntervalMs()).isEqualTo(1000);
        assertThat(config.shouldUseReadOnlyResponseCache()).isFalse();
        // A restarted, empty registry must not hand clients an empty registry.
        assertThat(config.getWaitTimeInMsWhenSyncEmpty()).isEqualTo(10_000);
    }
}
