package io.orderly.order;

import io.orderly.security.Caller;
import io.orderly.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may call what (DESIGN section 9): a customer places orders and reads its own, the admin reads
 * every order and acts on sagas. Which orders a customer may see is decided in the controller
 * (another customer's order is a 404, ordering for another customer a 403).
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurityConfiguration {

    /**
     * Spring Security's firewall refuses a header value with a control character before any
     * controller sees it, and its refusal is a 500. The API validates the one header it reads
     * (Idempotency-Key: printable ASCII, a 400 problem naming the field); the firewall still refuses
     * CR and LF.
     */
    @Bean
    WebSecurityCustomizer headerValuesAreTheApisToValidate() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(value -> value.indexOf('\r') < 0 && value.indexOf('\n') < 0);
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    SecurityFilterChain orderSecurity(HttpSecurity http) throws Exception {
        return ServiceSecurity.build(http, rules -> {
            rules.requestMatchers("/api/admin/**").hasRole(Caller.ADMIN_ROLE);
            // The admin is not a customer: it cannot order (for itself or anyone).
            rules.requestMatchers(HttpMethod.POST, "/api/orders").hasRole(Caller.CUSTOMER_ROLE);
            rules.requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/*")
                    .hasAnyRole(Caller.CUSTOMER_ROLE, Caller.ADMIN_ROLE);
        });
    }
}
