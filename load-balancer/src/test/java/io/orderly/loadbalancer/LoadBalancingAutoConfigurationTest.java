package io.orderly.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** Each bean of the auto-configuration gives way to a service's own. */
class LoadBalancingAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(LoadBalancingAutoConfiguration.class, LoadBalancerAutoConfiguration.class));

    final InstanceStatsRegistry ownRegistry =
            new InstanceStatsRegistry(LoadBalancingProperties.defaults(), Ticker.system());

    @Test
    void registersEveryBeanByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(InstanceStatsRegistry.class);
            assertThat(context).hasSingleBean(InstanceStatsLifecycle.class);
            assertThat(context).hasSingleBean(LoadBalancerMetrics.class);
            assertThat(context.getBean(LoadBalancerClientFactory.class).getInstance("catalog"))
                    .isInstanceOf(OrderlyLoadBalancer.class);
        });
    }

    @Test
    void aServicesOwnStatisticsWin() {
        runner.withBean(InstanceStatsRegistry.class, () -> ownRegistry).run(context -> {
            assertThat(context).hasSingleBean(InstanceStatsRegistry.class);
            assertThat(context).getBean(InstanceStatsRegistry.class).isSameAs(ownRegistry);
        });
    }

    @Test
    void aServicesOwnLifecycleWins() {
        var own = new InstanceStatsLifecycle(ownRegistry);
        runner.withBean(InstanceStatsLifecycle.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(InstanceStatsLifecycle.class);
            assertThat(context).getBean(InstanceStatsLifecycle.class).isSameAs(own);
        });
    }

    @Test
    void aServicesOwnMetricsWin() {
        var own = new LoadBalancerMetrics(ownRegistry);
        runner.withBean(LoadBalancerMetrics.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(LoadBalancerMetrics.class);
            assertThat(context).getBean(LoadBalancerMetrics.class).isSameAs(own);
        });
    }

    @Test
    void aServicesOwnBalancerForOneServiceWinsThereOnly() {
        runner.withUserConfiguration(OwnCatalogBalancer.class).run(context -> {
            var factory = context.getBean(LoadBalancerClientFactory.class);
            assertThat(factory.getInstance("catalog")).isInstanceOf(FixedBalancer.class);
            assertThat(factory.getInstance("ledger")).isInstanceOf(OrderlyLoadBalancer.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @LoadBalancerClient(name = "catalog", configuration = FixedBalancerConfiguration.class)
    static class OwnCatalogBalancer {}

    static class FixedBalancerConfiguration {
        @Bean
        ReactorServiceInstanceLoadBalancer fixedBalancer() {
            return new FixedBalancer();
        }
    }

    static class FixedBalancer implements ReactorServiceInstanceLoadBalancer {
        @Override
        public Mono<Response<ServiceInstance>> choose(Request request) {
            return Mono.empty();
        }
    }
}
