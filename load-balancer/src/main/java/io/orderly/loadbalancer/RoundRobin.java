package io.orderly.loadbalancer;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cloud.client.ServiceInstance;

/** Takes the candidates in turn. */
final class RoundRobin implements InstancePicker {

    private final AtomicInteger position;

    RoundRobin(int start) {
        this.position = new AtomicInteger(start);
    }

    @Override
    public ServiceInstance pick(List<ServiceInstance> candidates) {
        int next = position.getAndIncrement() & Integer.MAX_VALUE;
        return candidates.get(next % candidates.size());
    }

    @Override
    public Strategy strategy() {
        return Strategy.ROUND_ROBIN;
    }
}
