package io.orderly.loadbalancer;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the Orderly balancer the default of every Spring Cloud LoadBalancer client (gateway
 * {@code lb://} routes, {@code @LoadBalanced} builders) and registers the shared statistics and
 * the lifecycle that feeds them. Off with {@code orderly.loadbalancer.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(ReactorServiceInstanceLoadBalancer.class)
@ConditionalOnBooleanProperty(name = "orderly.loadbalancer.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LoadBalancingProperties.class)
@LoadBalancerClients(defaultConfiguration = OrderlyLoadBalancerClientConfiguration.class)
public class LoadBalancingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InstanceStatsRegistry orderlyInstanceStatsRegistry(LoadBalancingProperties properties) {
        return new InstanceStatsRegistry(properties, Ticker.system());
    }

    @Bean
    @ConditionalOnMissingBean
    InstanceStatsLifecycle orderlyInstanceStatsLifecycle(InstanceStatsRegistry registry) {
        return new InstanceStatsLifecycle(registry);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        LoadBalancerMetrics orderlyLoadBalancerMetrics(InstanceStatsRegistry registry) {
            return new LoadBalancerMetrics(registry);
        }
    }
}
