package io.orderly.inventory;

import static io.orderly.inventory.InventoryClient.TOKENS;
import static io.orderly.inventory.InventoryClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.CountingAuthService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The service starts, and serves what needs no token, without auth-service: with the JWK set URI
 * configured, the issuer is checked against the token's claim with no discovery document fetched,
 * and the JWK set is fetched when the first token arrives.
 */
@SpringBootTest
@AutoConfigureMockMvc
class StartsWithoutAuthServiceTest {

    /** Answers every request with an empty key set, and counts them. */
    static final CountingAuthService AUTH_SERVICE = CountingAuthService.start();

    @Autowired
    MockMvcTester mvc;

    @DynamicPropertySource
    static void aCountingAuthService(DynamicPropertyRegistry registry) {
        AUTH_SERVICE.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopTheAuthService() {
        AUTH_SERVICE.stop();
    }

    @Test
    void startupAndPublicReadsContactNoAuthServiceAndTheFirstTokenFetchesItsKeys() {
        assertThat(AUTH_SERVICE.calls()).as("calls to auth-service at startup").isZero();
        assertThat(mvc.get().uri("/api/products/SKU-1")).hasStatusOk();
        assertThat(mvc.get().uri("/reservations/order-1")).hasStatus(401);
        assertThat(AUTH_SERVICE.calls())
                .as("calls to auth-service without a token")
                .isZero();

        // A key set without the token's key: the token is refused, and the keys were asked for here.
        assertThat(mvc.get()
                        .uri("/reservations/order-1")
                        .header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.service("inventory.reservations"))))
                .hasStatus(401);
        assertThat(AUTH_SERVICE.calls()).as("calls to auth-service for a token").isPositive();
    }
}
