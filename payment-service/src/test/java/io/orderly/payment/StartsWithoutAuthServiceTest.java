package io.orderly.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.orderly.testsupport.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The service starts without auth-service: with the JWK set URI configured, the issuer is checked
 * against the token's claim with no discovery document fetched, and the JWK set is fetched when the
 * first token arrives.
 */
@SpringBootTest
@AutoConfigureMockMvc
class StartsWithoutAuthServiceTest {

    /** Every request that reached the stand-in auth-service, whatever its path. */
    static final AtomicInteger AUTH_SERVICE_CALLS = new AtomicInteger();

    static HttpServer authService;

    @Autowired
    MockMvcTester mvc;

    @DynamicPropertySource
    static void aCountingAuthService(DynamicPropertyRegistry registry) throws IOException {
        authService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        authService.createContext("/", exchange -> {
            AUTH_SERVICE_CALLS.incrementAndGet();
            byte[] noKeys = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, noKeys.length);
            exchange.getResponseBody().write(noKeys);
            exchange.close();
        });
        authService.start();
        String base = "http://127.0.0.1:" + authService.getAddress().getPort();
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> base + "/oauth2/jwks");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> base);
    }

    @AfterAll
    static void stopTheAuthService() {
        authService.stop(0);
    }

    @Test
    void startupContactsNoAuthServiceAndTheFirstTokenFetchesItsKeys() {
        assertThat(AUTH_SERVICE_CALLS).as("calls to auth-service at startup").hasValue(0);
        assertThat(mvc.get().uri("/actuator/health")).hasStatusOk();
        assertThat(mvc.get().uri("/payments/o-1")).hasStatus(401);
        assertThat(AUTH_SERVICE_CALLS)
                .as("calls to auth-service without a token")
                .hasValue(0);

        // A key set without the token's key: the token is refused, and the keys were asked for here.
        assertThat(mvc.get()
                        .uri("/payments/o-1")
                        .header(
                                HttpHeaders.AUTHORIZATION,
                                "Bearer " + TestTokens.shared().service("payment.payments")))
                .hasStatus(401);
        assertThat(AUTH_SERVICE_CALLS.get())
                .as("calls to auth-service for a token")
                .isPositive();
    }
}
