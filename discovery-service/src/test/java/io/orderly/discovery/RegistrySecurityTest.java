package io.orderly.discovery;

import static io.orderly.discovery.RegistryRequests.CREDENTIALS;
import static io.orderly.discovery.RegistryRequests.NONE;
import static io.orderly.discovery.RegistryRequests.WRONG_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Nobody without the registry's credentials can change it or read it: no rogue PAYMENT-SERVICE for
 * the saga to trust, no instance taken out of service, no map of where everything runs. Health
 * stays open for probes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Reads answer at once instead of the 403 of an empty start (DiscoveryApplicationTest covers that).
        properties = {
            RegistryRequests.USER_PROPERTY,
            RegistryRequests.PASSWORD_PROPERTY,
            "eureka.server.wait-time-in-ms-when-sync-empty=0",
            "management.server.port=0"
        })
class RegistrySecurityTest {

    static final String APP = "PAYMENT-SERVICE";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    RegistryRequests registry;

    @BeforeEach
    void connect() {
        registry = new RegistryRequests(port);
    }

    static Stream<Arguments> refusedCredentials() {
        return Stream.of(Arguments.of("no credentials", NONE), Arguments.of("a wrong password", WRONG_PASSWORD));
    }

    @ParameterizedTest(name = "with {0}")
    @MethodSource("refusedCredentials")
    void aRogueInstanceCannotRegister(String what, String authorization) {
        String rogue = "rogue-" + UUID.randomUUID();

        assertUnauthorized(registry.register(APP, rogue, authorization));

        assertThat(registry.listedStatus(APP, rogue)).isNull();
    }

    @ParameterizedTest(name = "with {0}")
    @MethodSource("refusedCredentials")
    void nobodyRenewsTakesOutOfServiceOrDeregistersARegisteredInstance(String what, String authorization) {
        String instance = registered();

        assertUnauthorized(registry.renew(APP, instance, authorization));
        assertUnauthorized(registry.setStatus(APP, instance, "OUT_OF_SERVICE", authorization));
        assertUnauthorized(registry.send(
                "DELETE", "/eureka/apps/" + APP + "/" + instance + "/status?value=UP", null, authorization));
        assertUnauthorized(registry.deregister(APP, instance, authorization));

        assertThat(registry.listedStatus(APP, instance)).isEqualTo("UP");
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("readsWithRefusedCredentials")
    void nobodyReadsTheRegistryOrOpensTheDashboard(String path, String what, String authorization) {
        assertUnauthorized(registry.send("GET", path, null, authorization));
    }

    static Stream<Arguments> readsWithRefusedCredentials() {
        return Stream.of("/eureka/apps", "/eureka/apps/" + APP, "/eureka/apps/delta", "/", "/lastn")
                .flatMap(path -> refusedCredentials()
                        .map(credentials -> Arguments.of(
                                path, credentials.get()[0], credentials.get()[1])));
    }

    @Test
    void withTheCredentialsAnInstanceRegistersRenewsChangesStatusAndDeregisters() {
        String instance = "payment-" + UUID.randomUUID();

        assertThat(registry.register(APP, instance, CREDENTIALS).statusCode()).isEqualTo(204);
        assertThat(registry.listedStatus(APP, instance)).isEqualTo("UP");
        assertThat(registry.renew(APP, instance, CREDENTIALS).statusCode()).isEqualTo(200);
        assertThat(registry.setStatus(APP, instance, "OUT_OF_SERVICE", CREDENTIALS)
                        .statusCode())
                .isEqualTo(200);
        assertThat(registry.listedStatus(APP, instance)).isEqualTo("OUT_OF_SERVICE");
        assertThat(registry.deregister(APP, instance, CREDENTIALS).statusCode()).isEqualTo(200);
        assertThat(registry.listedStatus(APP, instance)).isNull();
    }

    @Test
    void withTheCredentialsTheRegistryAndTheDashboardAnswerWithoutASession() {
        registered();
        HttpResponse<String> apps = registry.get("/eureka/apps", CREDENTIALS);
        HttpResponse<String> dashboard = registry.send("GET", "/", null, CREDENTIALS);

        assertThat(apps.statusCode()).isEqualTo(200);
        assertThat(apps.body()).contains(APP);
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Eureka");
        // Every heartbeat authenticates again: no session cookie to pile up per request.
        assertThat(apps.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(dashboard.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void healthStaysOpenForProbes() {
        for (String path :
                new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> health = registry.get(path, NONE);
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            assertThat(health.body()).as(path).contains("\"UP\"");
        }
    }

    @Test
    void otherManagementEndpointsNeedTheCredentialsOnTheManagementPortAndAreNotOnTheMainPort() {
        RegistryRequests management = new RegistryRequests(managementPort);
        for (String path : new String[] {"/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/actuator"}) {
            assertUnauthorized(management.get(path, NONE));
            assertUnauthorized(registry.get(path, NONE));
            assertThat(registry.get(path, CREDENTIALS).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(management.get("/actuator/metrics", CREDENTIALS).statusCode())
                .isEqualTo(200);
        assertThat(management.get("/actuator/health/readiness", NONE).statusCode())
                .isEqualTo(200);
    }

    private String registered() {
        String instance = "payment-" + UUID.randomUUID();
        assertThat(registry.register(APP, instance, CREDENTIALS).statusCode()).isEqualTo(204);
        return instance;
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as(response.request().method() + " " + response.uri())
                .isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic realm="));
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"https://orderly.io/problems/unauthorized\"", "\"status\":401");
    }
}
