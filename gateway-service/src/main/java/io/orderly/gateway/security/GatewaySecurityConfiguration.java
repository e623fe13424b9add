package io.orderly.gateway.security;

import io.orderly.security.TokenAuthorities;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.oauth2.server.resource.web.server.BearerTokenServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * The gateway as an OAuth2 resource server: every request under {@code /api} but product reads needs
 * a valid JWT from auth-service (signature from its JWK set, issuer, expiry; Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}), and the admin's paths need the admin. The
 * token travels on to the service, which checks it again and decides what depends on the data
 * (whose order, whose account). Nothing here keeps a session: each request carries its token.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges
                        // The catalogue is public.
                        .pathMatchers(HttpMethod.GET, "/api/products", "/api/products/**")
                        .permitAll()
                        // Creating and restocking products, opening accounts, the saga console: the admin.
                        .pathMatchers(HttpMethod.POST, "/api/products", "/api/products/**", "/api/accounts")
                        .hasRole("ADMIN")
                        .pathMatchers("/api/admin/**")
                        .hasRole("ADMIN")
                        .pathMatchers("/api/**")
                        .authenticated()
                        // Health, and the gateway's own 404 for what it does not route.
                        .anyExchange()
                        .permitAll())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(TokenAuthorities.converter())))
                        .authenticationFailureHandler(GatewaySecurityConfiguration::tokenNotAccepted))
                // Refusals: Spring's bearer entry point and access-denied handler (status and RFC 6750
                // WWW-Authenticate); GatewayRefusalProblems gives their empty responses a problem body.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                // Bearer tokens, no cookies: nothing for a cross-site request to ride on.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .build();
    }

    /**
     * A request Spring Security's firewall refuses (an encoded slash, "..", a bad header) answers 400
     * like any refusal: completed empty, so that GatewayRefusalProblems writes its problem. Spring's
     * default only sets the status, and the response then ends without a body.
     */
    @Bean
    ServerExchangeRejectedHandler firewallRefusals() {
        return (exchange, rejected) -> {
            exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
            return exchange.getResponse().setComplete();
        };
    }

    /**
     * A token that cannot be checked because auth-service's keys cannot be fetched is the gateway's
     * trouble, not the caller's: 503 with {@code Retry-After} (Spring's default would rethrow it and
     * answer 500). Any other failure is Spring's bearer refusal: 401 with its WWW-Authenticate.
     */
    private static Mono<Void> tokenNotAccepted(WebFilterExchange exchange, AuthenticationException failure) {
        if (failure instanceof AuthenticationServiceException) {
            ServerHttpResponse response = exchange.getExchange().getResponse();
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return response.setComplete();
        }
        return BEARER_REFUSAL.onAuthenticationFailure(exchange, failure);
    }

    private static final ServerAuthenticationEntryPointFailureHandler BEARER_REFUSAL =
            new ServerAuthenticationEntryPointFailureHandler(new BearerTokenServerAuthenticationEntryPoint());

    /**
     * Boot's decoder, with one difference: when auth-service's JWK set cannot be fetched (connection
     * refused, a timeout) the WebClient's own exception escapes Spring's bearer filter and ends as a
     * 502; as a {@link JwtException} it becomes Spring's AuthenticationServiceException, which
     * {@link #tokenNotAccepted} answers with 503.
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties) {
        OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
        NimbusReactiveJwtDecoder nimbus =
                NimbusReactiveJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).build();
        nimbus.setJwtValidator(JwtValidators.createDefaultWithIssuer(jwt.getIssuerUri()));
        return token -> nimbus.decode(token)
                .onErrorMap(
                        failure -> !(failure instanceof JwtException),
                        failure -> new JwtException(
                                "auth-service's keys cannot be fetched: " + failure.getMessage(), failure));
    }
}
