package io.orderly.payment.security;

import io.orderly.security.Caller;
import io.orderly.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what (DESIGN section 9): the admin opens accounts, a customer or the admin uses the
 * rest of the accounts API (which account, the controller decides: a customer only its own), and
 * only the saga's service token (client credentials of order-service) reaches the participant API.
 * A request without a valid token is 401, a valid token that may not do this is 403.
 */
@Configuration(proxyBeanMethods = false)
class PaymentSecurity {

    /** The scope auth-service grants order-service for the payment steps of its saga. */
    static final String PAYMENTS_SCOPE = "SCOPE_payment.payments";

    @Bean
    SecurityFilterChain paymentFilterChain(HttpSecurity http) throws Exception {
        return ServiceSecurity.build(http, requests -> {
            requests.requestMatchers(HttpMethod.POST, "/api/accounts").hasRole(Caller.ADMIN_ROLE);
            requests.requestMatchers("/api/accounts/**").hasAnyRole(Caller.ADMIN_ROLE, Caller.CUSTOMER_ROLE);
            requests.requestMatchers("/payments/**").hasAuthority(PAYMENTS_SCOPE);
        });
    }
}
