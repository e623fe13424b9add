package io.orderly.order.participant;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.URI;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.client.RestClient;

/**
 * The participant clients, on a load-balanced RestClient with connect and read timeouts, each
 * guarded by the Resilience4j retry and circuit breaker named after the downstream
 * ({@code inventory}, {@code payment}; configured in application.yml). Every call carries
 * order-service's service token ({@link ServiceTokens}).
 */
@Configuration(proxyBeanMethods = false)
class ParticipantClientsConfiguration {

    /**
     * The plain builder everything else gets (Eureka's own transport among them): without it the
     * load-balanced one would be the only builder and Eureka registration would break (STACK-NOTES).
     */
    @Bean
    @Primary
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    RestClient.Builder plainRestClientBuilder(RestClientBuilderConfigurer configurer) {
        return configurer.configure(RestClient.builder());
    }

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder(
            RestClientBuilderConfigurer configurer, ParticipantProperties properties) {
        JdkClientHttpRequestFactory requestFactory = properties.requestFactory();
        return configurer.configure(RestClient.builder()).requestFactory(requestFactory);
    }

    @Bean
    OAuth2AuthorizedClientManager serviceTokenManager(
            ClientRegistrationRepository registrations,
            OAuth2AuthorizedClientService clients,
            ParticipantProperties properties) {
        return ServiceTokens.manager(registrations, clients, properties);
    }

    /**
     * The load-balanced builder with the service token added first, ahead of the load balancer's
     * interceptor: a token that cannot be had fails the call before an instance is chosen, so that
     * no instance is blamed for it.
     */
    private static RestClient participant(
            RestClient.Builder builder,
            URI baseUrl,
            OAuth2AuthorizedClientManager tokens,
            OAuth2AuthorizedClientService clients) {
        ClientHttpRequestInterceptor token = ServiceTokens.interceptor(tokens, clients);
        return builder.clone()
                .baseUrl(baseUrl)
                .requestInterceptors(interceptors -> interceptors.addFirst(token))
                .build();
    }

    @Bean
    InventoryClient inventoryClient(
            @LoadBalanced RestClient.Builder builder,
            ParticipantProperties properties,
            OAuth2AuthorizedClientManager tokens,
            OAuth2AuthorizedClientService clients,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers) {
        return new InventoryClient(
                participant(builder, properties.inventoryUrl(), tokens, clients),
                new ParticipantCalls("inventory", retries.retry("inventory"), breakers.circuitBreaker("inventory")));
    }

    @Bean
    PaymentClient paymentClient(
            @LoadBalanced RestClient.Builder builder,
            ParticipantProperties properties,
            OAuth2AuthorizedClientManager tokens,
            OAuth2AuthorizedClientService clients,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers) {
        return new PaymentClient(
                participant(builder, properties.paymentUrl(), tokens, clients),
                new ParticipantCalls("payment", retries.retry("payment"), breakers.circuitBreaker("payment")));
    }
}
