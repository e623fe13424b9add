package io.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderly.testsupport.OAuthLogin;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The tokens auth-service issues, obtained over HTTP as a user's program obtains them (the
 * authorization code flow with PKCE, the client credentials grant) and checked against the JWK set
 * it publishes, as the gateway and the services check them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "eureka.client.enabled=false",
            "management.server.port=0",
            "orderly.auth.issuer=http://auth.orderly.test",
            "orderly.auth.customers=25",
            "orderly.auth.access-token-ttl=2m"
        })
class TokenIssuingTest {

    static final String CUSTOMER_PASSWORD = "customer-dev-password";
    static final String ADMIN_PASSWORD = "admin-dev-password";
    static final String ORDER_SERVICE_SECRET = "order-service-dev-secret";

    @LocalServerPort
    int port;

    OAuthLogin login;
    NimbusJwtDecoder decoder;

    @BeforeEach
    void setUp() {
        login = new OAuthLogin("http://127.0.0.1:" + port);
        decoder = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/oauth2/jwks")
                .build();
    }

    @Test
    void aCustomerLogsInWithTheCodeFlowAndGetsAShortLivedTokenNamingItself() {
        Jwt token = decoder.decode(login.accessToken("c-25", CUSTOMER_PASSWORD));

        assertThat(token.getSubject()).isEqualTo("c-25");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("CUSTOMER");
        assertThat(token.getIssuer()).hasToString("http://auth.orderly.test");
        assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(2));
        assertThat(token.getHeaders()).containsKey("kid");
    }

    @Test
    void theAdminsTokenSaysAdmin() {
        Jwt token = decoder.decode(login.accessToken("admin", ADMIN_PASSWORD));

        assertThat(token.getSubject()).isEqualTo("admin");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("ADMIN");
    }

    @Test
    void noCodeForAWrongPasswordAnUnknownUserOrACustomerBeyondTheConfiguredCount() {
        assertThat(login.authorizationCode("c-1", "wrong")).isEmpty();
        assertThat(login.authorizationCode("c-1", ADMIN_PASSWORD)).isEmpty();
        assertThat(login.authorizationCode("admin", CUSTOMER_PASSWORD)).isEmpty();
        assertThat(login.authorizationCode("c-26", CUSTOMER_PASSWORD)).isEmpty();
        assertThat(login.authorizationCode("c-0", CUSTOMER_PASSWORD)).isEmpty();
        assertThat(login.authorizationCode("nobody", CUSTOMER_PASSWORD)).isEmpty();
    }

    @Test
    void aCodeRedeemedWithAnotherVerifierGivesNoToken() {
        HttpResponse<String> redeemed =
                login.authorizationCode("c-1", CUSTOMER_PASSWORD, false).orElseThrow();

        assertThat(redeemed.statusCode()).isEqualTo(400);
        assertThat(redeemed.body()).contains("invalid_grant").doesNotContain("access_token");
    }

    @Test
    void orderServiceGetsAServiceTokenWithItsScopesAndNoRoles() {
        Jwt token = decoder.decode(login.tokenFrom(login.clientCredentials(
                "order-service", ORDER_SERVICE_SECRET, "inventory.reservations payment.payments")));

        assertThat(token.getSubject()).isEqualTo("order-service");
        assertThat(token.getClaimAsStringList("scope"))
                .containsExactlyInAnyOrder("inventory.reservations", "payment.payments");
        assertThat(token.hasClaim("roles")).isFalse();
    }

    @Test
    void aWrongSecretAScopeTheClientDoesNotHaveOrAPublicClientGetNoServiceToken() {
        HttpResponse<String> wrongSecret = login.clientCredentials("order-service", "guess", "inventory.reservations");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).contains("invalid_client");

        HttpResponse<String> wrongScope = login.clientCredentials("order-service", ORDER_SERVICE_SECRET, "openid");
        assertThat(wrongScope.statusCode()).isEqualTo(400);
        assertThat(wrongScope.body()).contains("invalid_scope");

        HttpResponse<String> publicClient = login.clientCredentials("orderly-cli", "", "openid");
        assertThat(publicClient.statusCode()).isBetween(400, 401);
        assertThat(publicClient.body()).contains("\"error\"").doesNotContain("access_token");

        assertThatThrownBy(() -> login.tokenFrom(wrongSecret)).isInstanceOf(OAuthLogin.Refused.class);
    }
}
