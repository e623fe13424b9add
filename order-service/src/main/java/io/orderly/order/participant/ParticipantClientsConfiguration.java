package io.orderly.order.participant;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.http.HttpClient;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The participant clients, on a load-balanced RestClient with connect and read timeouts, each
 * guarded by the Resilience4j retry and circuit breaker named after the downstream
 * ({@code inventory}, {@code payment}; configured in application.yml).
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
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(properties.readTimeout());
        return configurer.configure(RestClient.builder()).requestFactory(requestFactory);
    }

    @Bean
    InventoryClient inventoryClient(
            @LoadBalanced RestClient.Builder builder,
            ParticipantProperties properties,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers) {
        return new InventoryClient(
                builder.clone().baseUrl(properties.inventoryUrl()).build(),
                new ParticipantCalls("inventory", retries.retry("inventory"), breakers.circuitBreaker("inventory")));
    }

    @Bean
    PaymentClient paymentClient(
            @LoadBalanced RestClient.Builder builder,
            ParticipantProperties properties,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers) {
        return new PaymentClient(
                builder.clone().baseUrl(properties.paymentUrl()).build(),
                new ParticipantCalls("payment", retries.retry("payment"), breakers.circuitBreaker("payment")));
    }
}
