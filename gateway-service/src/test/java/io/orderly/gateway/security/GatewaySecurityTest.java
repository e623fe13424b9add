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

/**
 * Who gets past the gateway: real signed JWTs (TestTokens stands in for auth-service, with its JWK
 * set on a loopback port), stub services that record what reached them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "eureka.client.enabled=false",
            "spring.cloud.discovery.client.simple.order=0",
            "orderly.gateway.rate-limit.namespace=security-test-${random.uuid}",
            "orderly.gateway.rate-limit.replenish-rate=100000",
            "orderly.gateway.rate-limit.burst-capacity=100000"
        })
class GatewaySecurityTest {

    static final List<String> seen = new CopyOnWriteArrayList<>();
    static final List<String> authorizations = new CopyOnWriteArrayList<>();
    static final HttpServer stub = StubInstance.start(seen, authorizations);
    static final TestTokens tokens = TestTokens.shared();
    /** {"alg":"none"} and the admin's claims, without a signature: accepted by nobody. */
    static final String UNSIGNED_ADMIN = "eyJhbGciOiJub25lIn0."
            + java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("{\"sub\":\"admin\",\"roles\":[\"ADMIN\"],\"iss\":\"" + TestTokens.ISSUER
                                    + "\",\"exp\":4102444800}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + ".";

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        tokens.properties().forEach((name, value) -> registry.add(name, () -> value));
        String live = "http://127.0.0.1:" + stub.getAddress().getPort();
        for (String service : List.of("inventory-service", "order-service", "payment-service")) {
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[0].uri", () -> live);
        }
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @BeforeEach
    void clear() {
        seen.clear();
        authorizations.clear();
    }

    @Test
    void theCatalogueIsPublic() throws Exception {
        assertThat(send("GET", "/api/products", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/products/SKU-1", null).statusCode()).isEqualTo(200);
        assertThat(seen).containsExactly("GET /api/products", "GET /api/products/SKU-1");
    }

    @Test
    void everythingElseUnderApiNeedsATokenAndIsNeverForwardedWithout() throws Exception {
        for (String[] request : List.of(
                new String[] {"GET", "/api/orders"},
                new String[] {"GET", "/api/orders/o-1"},
                new String[] {"POST", "/api/orders"},
                new String[] {"GET", "/api/accounts/c-1"},
                new String[] {"POST", "/api/accounts/c-1/deposits"},
                new String[] {"POST", "/api/products"},
                new String[] {"GET", "/api/admin/sagas"})) {
            HttpResponse<String> response = send(request[0], request[1], null);
            assertRefused(response, 401, "unauthorized", request[0] + " " + request[1]);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void anExpiredAForgedOrAForeignTokenIsRefusedWithTheReasonInTheChallenge() throws Exception {
        for (String token : List.of(
                tokens.expiredCustomer("c-1"),
                tokens.forgedAdmin(),
                tokens.adminFromAnotherIssuer(),
                UNSIGNED_ADMIN,
                "not-a-jwt")) {
            HttpResponse<String> response = send("GET", "/api/orders", token);
            assertRefused(response, 401, "unauthorized", token);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(
                            challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aCustomersTokenReachesTheServiceWhichGetsTheSameToken() throws Exception {
        String token = tokens.customer("c-7");

        assertThat(send("GET", "/api/orders", token).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/accounts/c-7/deposits", token).statusCode())
                .isEqualTo(200);

        assertThat(seen).containsExactly("GET /api/orders", "POST /api/accounts/c-7/deposits");
        // The service checks the token again and decides what depends on its data (whose order).
        assertThat(authorizations).containsOnly("Bearer " + token);
    }

    @Test
    void theAdminsPathsRefuseACustomerAndAServiceToken() throws Exception {
        for (String token :
                List.of(tokens.customer("c-1"), tokens.service("inventory.reservations", "payment.payments"))) {
            for (String[] request : List.of(
                    new String[] {"POST", "/api/products"},
                    new String[] {"POST", "/api/products/SKU-1/restock"},
                    new String[] {"POST", "/api/accounts"},
                    new String[] {"GET", "/api/admin/sagas"},
                    new String[] {"POST", "/api/admin/sagas/o-1/retry"})) {
                HttpResponse<String> response = send(request[0], request[1], token);
                assertRefused(response, 403, "forbidden", request[0] + " " + request[1]);
                assertThat(response.headers().firstValue("WWW-Authenticate"))
                        .hasValueSatisfying(challenge -> assertThat(challenge).contains("insufficient_scope"));
            }
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void theAdminCreatesRestocksOpensAccountsAndActsOnSagas() throws Exception {
        String admin = tokens.admin();
        assertThat(send("POST", "/api/products", admin).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/products/SKU-1/restock", admin).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/api/accounts", admin).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/admin/sagas", admin).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/admin/sagas/o-1/retry", admin).statusCode())
                .isEqualTo(200);

        assertThat(seen)
                .containsExactly(
                        "POST /api/products",
                        "POST /api/products/SKU-1/restock",
                        "POST /api/accounts",
                        "GET /api/admin/sagas",
                        "POST /api/admin/sagas/o-1/retry");
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        assertThat(send("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String slug, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body())
                .as(what)
                .contains("\"type\":\"https://orderly.io/problems/" + slug + "\"", "\"status\":" + status)
                .doesNotContain("exception", "\"trace\"", "stackTrace");
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
