package io.orderly.gateway.readiness;

import java.util.List;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** The gateway's readiness contributor, named {@code routeInstances} in the readiness group. */
@Configuration(proxyBeanMethods = false)
class ReadinessConfiguration {

    @Bean
    RouteInstancesHealthIndicator routeInstancesHealthIndicator(
            RouteLocator routes, LoadBalancerClientFactory balancers) {
        return new RouteInstancesHealthIndicator(routes, service -> {
            ServiceInstanceListSupplier supplier = balancers.getInstance(service, ServiceInstanceListSupplier.class);
            return supplier == null
                    ? Mono.just(List.of())
                    : supplier.get().next().map(list -> (List<?>) list);
        });
    }
}
