package io.orderly.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The part of an Orderly service's filter chain that is the same in every service: a stateless
 * OAuth2 resource server that validates auth-service's JWTs (signature from its JWK set, issuer,
 * expiry; Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*}), no session and no
 * CSRF token (no cookie authenticates anything), health and the management port open, refusals as
 * problem details. Each service adds its own rules for its paths.
 */
public final class ServiceSecurity {

    private ServiceSecurity() {}

    public static SecurityFilterChain build(
            HttpSecurity http,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        BearerProblems problems = new BearerProblems();
        return http.authorizeHttpRequests(requests -> {
                    // Health and its probes on the main port (the only actuator paths served there);
                    // every actuator endpoint on the management port, which nothing publishes.
                    requests.requestMatchers("/actuator/**").permitAll();
                    // The error page renders a failure of a request that was already let through.
                    requests.requestMatchers("/error").permitAll();
                    // The service's OpenAPI document (springdoc, where the service has it): it describes
                    // the API, it does not serve it.
                    requests.requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll();
                    rules.customize(requests);
                    // Whatever a service does not name needs a valid token (then 404 if nothing serves it).
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(
                        server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(TokenAuthorities.converter()))
                                .authenticationEntryPoint(problems)
                                .accessDeniedHandler(problems))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new KeysUnavailable(), BearerTokenAuthenticationFilter.class)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .build();
    }
}
