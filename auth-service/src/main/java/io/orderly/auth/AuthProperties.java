package io.orderly.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the authorization server is configured with (application.yml says which environment
 * variable sets each).
 *
 * @param issuer the {@code iss} of every token, and where clients find the server: the same for
 *     every instance, so that a token from one is valid wherever another one's keys are trusted
 * @param signingKey a PKCS#8 PEM file with the RSA private key that signs tokens, shared by every
 *     instance; unset, a key is generated at start (one instance, development only)
 * @param accessTokenTtl how long an access token is valid: short, there is no revocation list
 * @param customers the number of demo customers, {@code c-1} to {@code c-N}
 * @param customerPassword the demo customers' password (development default in application.yml)
 * @param adminPassword the password of the user {@code admin} (development default in application.yml)
 * @param orderServiceSecret order-service's client secret for the client credentials grant
 * @param consoleRedirectUris where the browser console (authorization code + PKCE) may be sent back
 * @param cliRedirectUri where {@code ./orderly token} says it is sent back: a loopback address
 *     (RFC 8252) that nothing needs to listen on, the script reads the code from the redirect
 */
@ConfigurationProperties("orderly.auth")
public record AuthProperties(
        String issuer,
        Path signingKey,
        @DefaultValue("5m") Duration accessTokenTtl,
        @DefaultValue("10") int customers,
        String customerPassword,
        String adminPassword,
        String orderServiceSecret,
        List<String> consoleRedirectUris,
        String cliRedirectUri) {

    /** The development defaults of application.yml: anyone who reads the repository knows them. */
    static final String DEV_MARK = "-dev-";

    public AuthProperties {
        if (customers < 1 || customers > 1_000_000) {
            throw new IllegalArgumentException(
                    "orderly.auth.customers must be between 1 and 1000000, not " + customers);
        }
        if (accessTokenTtl.isNegative()
                || accessTokenTtl.isZero()
                || accessTokenTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(
                    "orderly.auth.access-token-ttl must be positive and at most 1h, not " + accessTokenTtl);
        }
        consoleRedirectUris = consoleRedirectUris == null ? List.of() : List.copyOf(consoleRedirectUris);
    }
}
