package io.orderly.loadbalancer;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The balancer bean of each service's child context, registered as the default of every service by
 * {@link LoadBalancingAutoConfiguration}. Deliberately not a {@code @Configuration}: it must never
 * be picked up by component scanning into the application context.
 */
public class OrderlyLoadBalancerClientConfiguration {

    /** Gives way to a balancer of the service's own {@code @LoadBalancerClient} configuration. */
    @Bean
    @ConditionalOnMissingBean
    ReactorServiceInstanceLoadBalancer orderlyLoadBalancer(
            Environment environment, LoadBalancerClientFactory clientFactory, InstanceStatsRegistry registry) {
        String serviceId = LoadBalancerClientFactory.getName(environment);
        Strategy strategy = registry.properties().strategyFor(serviceId);
        InstancePicker picker = switch (strategy) {
            case LATENCY -> new PowerOfTwoChoices(registry, ThreadLocalRandom::current);
            case ROUND_ROBIN -> new RoundRobin(ThreadLocalRandom.current().nextInt(1000));
        };
        return new OrderlyLoadBalancer(
                serviceId,
                clientFactory.getLazyProvider(serviceId, ServiceInstanceListSupplier.class),
                registry,
                picker);
    }
}
