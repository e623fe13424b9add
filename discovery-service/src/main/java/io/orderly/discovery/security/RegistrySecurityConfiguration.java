package io.orderly.discovery.security;

import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may talk to the registry: whoever has its credentials. Without them nobody can register an
 * instance the saga would then call (a rogue PAYMENT-SERVICE), take an instance out of service,
 * read where everything runs, or open the dashboard. Health stays open for the run script, the
 * container HEALTHCHECK and Kubernetes probes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryCredentials.class)
class RegistrySecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RegistrySecurityConfiguration.class);

    /** Eureka's REST API: machine clients, HTTP Basic only, so no CSRF token to carry. */
    static final String EUREKA_API = "/eureka/**";

    static final String[] OPEN_HEALTH = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"};

    @Bean
    SecurityFilterChain registryFilterChain(HttpSecurity http, JsonMapper json) throws Exception {
        RefusalProblems refusals = new RefusalProblems(json);
        return http.authorizeHttpRequests(requests -> requests
                        // The error page renders a failure of a request that was already let through.
                        .dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(OPEN_HEALTH)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .httpBasic(basic -> basic.realmName(RefusalProblems.REALM).authenticationEntryPoint(refusals))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .csrf(csrf -> csrf.ignoringRequestMatchers(EUREKA_API))
                // Every heartbeat carries its credentials: a session per client request would only pile up.
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    PasswordEncoder registryPasswordEncoder() {
        return new SharedSecretPasswordEncoder();
    }

    @Bean
    UserDetailsService registryUser(RegistryCredentials credentials, PasswordEncoder encoder) {
        if (credentials.usesDevPassword()) {
            log.warn("The registry accepts the development password from application.yml, which anyone can read: "
                    + "set ORDERLY_EUREKA_PASSWORD (and the same in every client's EUREKA_URL) "
                    + "anywhere but a developer's machine.");
        }
        return new InMemoryUserDetailsManager(User.withUsername(credentials.user())
                .password(encoder.encode(credentials.password()))
                .roles("EUREKA_CLIENT")
                .build());
    }
}
