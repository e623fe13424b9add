package io.orderly.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who sent the request, from its validated token: a customer (whose customer id is the token's
 * subject), the administrator, or a service (a client credentials token, which has no role).
 *
 * @param subject the token's {@code sub}: a customer id, {@code admin}, or a client id
 */
public record Caller(String subject, boolean admin, boolean customer) {

    public static final String ADMIN_ROLE = "ADMIN";
    public static final String CUSTOMER_ROLE = "CUSTOMER";

    /** The caller of the current request; empty without a validated token. */
    public static Optional<Caller> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The caller of the current request; fails if the request carried no validated token. */
    public static Caller require() {
        return current().orElseThrow(() -> new IllegalStateException("no authenticated caller: is the path secured?"));
    }

    static Optional<Caller> of(Authentication authentication) {
        if (!(authentication instanceof JwtAuthenticationToken jwt) || !jwt.isAuthenticated()) {
            return Optional.empty();
        }
        boolean admin = hasAuthority(jwt, "ROLE_" + ADMIN_ROLE);
        boolean customer = hasAuthority(jwt, "ROLE_" + CUSTOMER_ROLE);
        return Optional.of(new Caller(jwt.getToken().getSubject(), admin, customer));
    }

    /** May this caller act for (read, order for, deposit to) the given customer? The admin may read all. */
    public boolean isCustomer(String customerId) {
        return customer && subject.equals(customerId);
    }

    private static boolean hasAuthority(Authentication authentication, String authority) {
        return authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals(authority));
    }
}
