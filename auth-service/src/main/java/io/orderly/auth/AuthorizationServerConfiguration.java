package io.orderly.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.orderly.auth.clients.Clients;
import io.orderly.auth.keys.SigningKeys;
import io.orderly.auth.users.DemoUsers;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Spring Authorization Server, configured rather than written: its protocol endpoints (authorize,
 * token, JWK set, OpenID discovery) in one filter chain, the login form and health in another.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationServerConfiguration.class);

    /** The claim that carries a user's roles ({@code CUSTOMER} or {@code ADMIN}) to the resource servers. */
    static final String ROLES_CLAIM = "roles";

    @Bean
    @Order(1)
    SecurityFilterChain protocolEndpoints(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        return http.securityMatcher(server.getEndpointsMatcher())
                .with(server, as -> as.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // A browser (or a script asking for HTML) that is not logged in is sent to the login form.
                .exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginAndHealth(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        // Health (with its probes) on the main port, every actuator endpoint on the
                        // management port, which nothing publishes: open as on every Orderly service.
                        // The main port serves no other actuator path (404, not a login form).
                        .requestMatchers("/actuator/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                // Spring Security's own login page: the console and ./orderly token both use it.
                .formLogin(Customizer.withDefaults())
                .build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AuthProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(AuthProperties properties) {
        JWKSet keys = SigningKeys.load(properties.signingKey());
        return new ImmutableJWKSet<>(keys);
    }

    /** Reads the server's own tokens (OpenID Connect's user info endpoint). */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    DemoUsers demoUsers(AuthProperties properties, PasswordEncoder encoder) {
        if (properties.customerPassword().contains(AuthProperties.DEV_MARK)
                || properties.adminPassword().contains(AuthProperties.DEV_MARK)) {
            log.warn("The demo users have the development passwords from application.yml, which anyone can read: "
                    + "set ORDERLY_AUTH_CUSTOMER_PASSWORD and ORDERLY_AUTH_ADMIN_PASSWORD anywhere but a "
                    + "developer's machine.");
        }
        return new DemoUsers(
                properties.customers(),
                encoder.encode(properties.customerPassword()),
                encoder.encode(properties.adminPassword()));
    }

    @Bean
    RegisteredClientRepository registeredClients(AuthProperties properties, PasswordEncoder encoder) {
        if (properties.orderServiceSecret().contains(AuthProperties.DEV_MARK)) {
            log.warn("order-service's client secret is the development default from application.yml: set "
                    + "ORDERLY_AUTH_ORDER_SERVICE_SECRET (and the same in order-service) anywhere but a "
                    + "developer's machine.");
        }
        return Clients.repository(properties, encoder);
    }

    /**
     * A user's access token names its roles, so that the gateway and the services decide from the
     * token alone; its subject is the user name, which for a customer is its customer id. A
     * service token (client credentials) carries its scopes only.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> rolesInAccessTokens() {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                    || AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                return;
            }
            Set<String> authorities =
                    AuthorityUtils.authorityListToSet(context.getPrincipal().getAuthorities());
            List<String> roles = authorities.stream()
                    .filter(authority -> authority.startsWith("ROLE_"))
                    .map(authority -> authority.substring("ROLE_".length()))
                    .sorted()
                    .toList();
            context.getClaims().claim(ROLES_CLAIM, roles);
        };
    }
}
