package io.orderly.inventory.security;

import io.orderly.security.Caller;
import io.orderly.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what (DESIGN section 9): anyone reads the catalogue, only the admin changes it, and
 * only the saga's service token (client credentials of order-service) reaches the participant API.
 * A request without a valid token is 401, a valid token that may not do this is 403.
 */
@Configuration(proxyBeanMethods = false)
class InventorySecurity {

    /** The scope auth-service grants order-service for the reservation steps of its saga. */
    static final String RESERVATIONS_SCOPE = "SCOPE_inventory.reservations";

    @Bean
    SecurityFilterChain inventoryFilterChain(HttpSecurity http) throws Exception {
        return ServiceSecurity.build(http, requests -> {
            requests.requestMatchers(HttpMethod.GET, "/api/products/**").permitAll();
            // Create, restock and any other change to the catalogue.
            requests.requestMatchers("/api/products/**").hasRole(Caller.ADMIN_ROLE);
            requests.requestMatchers("/reservations/**").hasAuthority(RESERVATIONS_SCOPE);
        });
    }
}
