package io.orderly.discovery.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one user the registry knows: every Eureka client carries these in the userinfo of its
 * {@code EUREKA_URL}, and the operator types them into the dashboard's login prompt. Set by
 * {@code ORDERLY_EUREKA_USER} and {@code ORDERLY_EUREKA_PASSWORD}.
 *
 * @param user the user name (no colon: HTTP Basic splits on the first one)
 * @param password the password; clients put it in a URL, so URL-safe characters only and no colon
 */
@ConfigurationProperties("orderly.eureka")
public record RegistryCredentials(String user, String password) {

    /** The development default of application.yml, known to everyone who read this repository. */
    public static final String DEV_PASSWORD = "eureka-dev-password";

    public RegistryCredentials {
        if (user == null || user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException(
                    "orderly.eureka.user (ORDERLY_EUREKA_USER) must be set, without a colon");
        }
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("orderly.eureka.password (ORDERLY_EUREKA_PASSWORD) must be set");
        }
    }

    boolean usesDevPassword() {
        return DEV_PASSWORD.equals(password);
    }

    @Override
    public String toString() {
        return "RegistryCredentials[user=" + user + ", password=<hidden>]";
    }
}
