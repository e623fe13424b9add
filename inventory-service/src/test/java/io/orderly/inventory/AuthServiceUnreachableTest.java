package io.orderly.inventory;

import static io.orderly.inventory.InventoryClient.TOKENS;
import static io.orderly.inventory.InventoryClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * auth-service unreachable before the service ever had its keys: a token cannot be checked, which
 * is the service's 503 with Retry-After (service-security's KeysUnavailable), not a 500 and not the
 * caller's 401; nothing is done.
 */
@SpringBootTest
@AutoConfigureMockMvc
class AuthServiceUnreachableTest {

    @Autowired
    MockMvcTester mvc;

    @DynamicPropertySource
    static void aDeadAuthService(DynamicPropertyRegistry registry) throws IOException {
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + dead;
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> base + "/oauth2/jwks");
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> io.orderly.testsupport.TestTokens.ISSUER);
    }

    @Test
    void aTokenThatCannotBeCheckedIs503WithRetryAfter() {
        var result = mvc.get()
                .uri("/reservations/order-1")
                .header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.service("inventory.reservations")))
                .exchange();

        assertThat(result).hasStatus(503);
        assertThat(result).headers().hasValue("Retry-After", "1");
        assertThat(result).hasContentTypeCompatibleWith("application/problem+json");
        assertThat(result).bodyText().contains("service-unavailable", "auth-service");
    }

    @Test
    void withoutATokenItIsStill401AndTheCatalogueStillAnswers() {
        assertThat(mvc.get().uri("/reservations/order-1")).hasStatus(401);
        assertThat(mvc.get().uri("/api/products/SKU-1")).hasStatusOk();
    }
}
