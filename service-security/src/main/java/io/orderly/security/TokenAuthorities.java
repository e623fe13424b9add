package io.orderly.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The authorities of an Orderly token: its scopes ({@code SCOPE_payment.payments}, as Spring
 * Security maps them by default) and the roles auth-service writes into the {@code roles} claim
 * ({@code ROLE_CUSTOMER}, {@code ROLE_ADMIN}). Spring's converter maps one claim; two are combined.
 */
public final class TokenAuthorities {

    public static final String ROLES_CLAIM = "roles";

    private TokenAuthorities() {}

    public static JwtAuthenticationConverter converter() {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        Converter<Jwt, Collection<GrantedAuthority>> both = jwt -> {
            List<GrantedAuthority> authorities = new ArrayList<>(scopes.convert(jwt));
            authorities.addAll(roles.convert(jwt));
            return authorities;
        };
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(both);
        return converter;
    }
}
