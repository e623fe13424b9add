package io.orderly.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.eureka.EurekaServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {RegistryRequests.USER_PROPERTY, RegistryRequests.PASSWORD_PROPERTY})
class DiscoveryApplicationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
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
    void reportsHealthy() throws Exception {
        HttpResponse<String> health = get("/actuator/health", "application/json");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
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
