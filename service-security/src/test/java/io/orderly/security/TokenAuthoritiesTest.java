package io.orderly.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenAuthoritiesTest {

    @Test
    void aUsersTokenGivesItsRolesAndScopesAndNamesTheCaller() {
        var authentication = TokenAuthorities.converter().convert(jwt("c-3", List.of("CUSTOMER"), "openid"));

        assertThat(authentication.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .contains("SCOPE_openid", "ROLE_CUSTOMER")
                .doesNotContain("ROLE_ADMIN");
        assertThat(Caller.of(authentication)).contains(new Caller("c-3", false, true));
        assertThat(Caller.of(authentication).orElseThrow().isCustomer("c-3")).isTrue();
        assertThat(Caller.of(authentication).orElseThrow().isCustomer("c-30")).isFalse();
    }

    @Test
    void aServiceTokenHasScopesAndNoRole() {
        var authentication = TokenAuthorities.converter()
                .convert(jwt("order-service", null, "payment.payments inventory.reservations"));

        assertThat(authentication.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .contains("SCOPE_payment.payments", "SCOPE_inventory.reservations")
                .noneMatch(authority -> authority.startsWith("ROLE_"));
        Caller service = Caller.of(authentication).orElseThrow();
        assertThat(service.admin()).isFalse();
        assertThat(service.customer()).isFalse();
        assertThat(service.isCustomer("order-service")).isFalse();
    }

    @Test
    void theAdminIsNoCustomer() {
        Caller admin = Caller.of(TokenAuthorities.converter().convert(jwt("admin", List.of("ADMIN"), "openid")))
                .orElseThrow();

        assertThat(admin.admin()).isTrue();
        assertThat(admin.isCustomer("admin")).isFalse();
    }

    @Test
    void thePathInAProblemIsEscaped() {
        assertThat(BearerProblems.json("/a\"b\\c\n")).isEqualTo("/a\\\"b\\\\c\\u000a");
    }

    private static Jwt jwt(String subject, List<String> roles, String scope) {
        Jwt.Builder builder = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject(subject)
                .claim("scope", scope)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        if (roles != null) {
            builder.claim("roles", roles);
        }
        return builder.build();
    }
}
