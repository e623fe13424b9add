package io.orderly.auth.clients;

import io.orderly.auth.AuthProperties;
import java.time.Duration;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The clients the authorization server knows. Two public clients (no secret: a browser and a
 * script cannot keep one) that must use the authorization code flow with PKCE, and order-service,
 * a confidential client that obtains service tokens with its own credentials.
 */
public final class Clients {

    /** The browser console: authorization code + PKCE. */
    public static final String CONSOLE = "orderly-console";
    /** {@code ./orderly token} and tests: authorization code + PKCE, scripted (RFC 8252 loopback redirect). */
    public static final String CLI = "orderly-cli";
    /** order-service: client credentials, for the participants' endpoints. */
    public static final String ORDER_SERVICE = "order-service";

    /** The scope of inventory-service's reservation endpoints (try, confirm, cancel). */
    public static final String RESERVATIONS_SCOPE = "inventory.reservations";
    /** The scope of payment-service's payment endpoints (authorize, capture, void). */
    public static final String PAYMENTS_SCOPE = "payment.payments";

    private Clients() {}

    public static RegisteredClientRepository repository(AuthProperties properties, PasswordEncoder encoder) {
        TokenSettings tokens = TokenSettings.builder()
                .accessTokenTimeToLive(properties.accessTokenTtl())
                // An authorization code is redeemed at once by the client that asked for it.
                .authorizationCodeTimeToLive(Duration.ofMinutes(1))
                .build();
        // First-party clients: the user is not asked to consent to what Orderly shares with Orderly.
        ClientSettings pkce = ClientSettings.builder()
                .requireProofKey(true)
                .requireAuthorizationConsent(false)
                .build();
        RegisteredClient.Builder console = RegisteredClient.withId(
                        UUID.nameUUIDFromBytes(CONSOLE.getBytes()).toString())
                .clientId(CONSOLE)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(pkce)
                .tokenSettings(tokens);
        properties.consoleRedirectUris().forEach(console::redirectUri);
        RegisteredClient cli = RegisteredClient.withId(
                        UUID.nameUUIDFromBytes(CLI.getBytes()).toString())
                .clientId(CLI)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(properties.cliRedirectUri())
                .scope(OidcScopes.OPENID)
                .clientSettings(pkce)
                .tokenSettings(tokens)
                .build();
        RegisteredClient orderService = RegisteredClient.withId(
                        UUID.nameUUIDFromBytes(ORDER_SERVICE.getBytes()).toString())
                .clientId(ORDER_SERVICE)
                .clientSecret(encoder.encode(properties.orderServiceSecret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope(RESERVATIONS_SCOPE)
                .scope(PAYMENTS_SCOPE)
                .tokenSettings(tokens)
                .build();
        return new InMemoryRegisteredClientRepository(console.build(), cli, orderService);
    }
}
