package io.orderly.loadbalancer;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.SelectedInstanceCallback;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Mono;

/**
 * The balancer of one service: leaves out ejected instances (unless that would leave none), then
 * lets the service's strategy pick.
 */
public class OrderlyLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private static final Logger log = LoggerFactory.getLogger(OrderlyLoadBalancer.class);

    private final String serviceId;

    private final ObjectProvider<ServiceInstanceListSupplier> suppliers;

    private final InstanceStatsRegistry registry;

    private final InstancePicker picker;

    OrderlyLoadBalancer(
            String serviceId,
            ObjectProvider<ServiceInstanceListSupplier> suppliers,
            InstanceStatsRegistry registry,
            InstancePicker picker) {
        this.serviceId = serviceId;
        this.suppliers = suppliers;
        this.registry = registry;
        this.picker = picker;
    }

    public Strategy strategy() {
        return picker.strategy();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = suppliers.getIfAvailable(NoopServiceInstanceListSupplier::new);
        return supplier.get(request).next().map(instances -> choose(supplier, instances));
    }

    private Response<ServiceInstance> choose(ServiceInstanceListSupplier supplier, List<ServiceInstance> instances) {
        if (instances.isEmpty()) {
            log.warn("No servers available for service: {}", serviceId);
            return new EmptyResponse();
        }
        List<ServiceInstance> candidates = registry.admitted(instances);
        ServiceInstance chosen = candidates.size() == 1 ? candidates.get(0) : picker.pick(candidates);
        if (supplier instanceof SelectedInstanceCallback callback) {
            callback.selectedServiceInstance(chosen);
        }
        return new DefaultResponse(chosen);
    }
}
