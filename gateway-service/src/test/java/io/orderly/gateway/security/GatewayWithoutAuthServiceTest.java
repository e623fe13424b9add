package io.orderly.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.orderly.gateway.StubInstance;
import io.orderly.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** auth-service unreachable (its JWK set never fetched): a token cannot be checked, which is the gateway's 503. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "eureka.client.enabled=false",
            "spring.cloud.discovery.client.simple.order=0",
            "orderly.gateway.rate-limit.namespace=no-auth-test-${random.uuid}"
        })
class GatewayWithoutAuthServiceTest {

    static final List<String> seen = new CopyOnWriteArrayList<>();
    static final HttpServer stub = StubInstance.start(seen);

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        String dead = "http://127.0.0.1:" + StubInstance.deadPort();
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> dead + "/oauth2/jwks");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
        String live = "http://127.0.0.1:" + stub.getAddress().getPort();
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", () -> live);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", () -> live);
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @BeforeEach
    void clear() {
        seen.clear();
    }

    @Test
    void aTokenThatCannotBeCheckedIs503WithRetryAfterAndNothingIsForwarded() throws Exception {
        HttpResponse<String> response = get("/api/orders", TestTokens.shared().customer("c-1"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("service-unavailable", "auth-service");
        assertThat(seen).isEmpty();
    }

    @Test
    void withoutATokenItIsStill401AndTheCatalogueStillAnswers() throws Exception {
        assertThat(get("/api/orders", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/products", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
