package io.orderly.loadbalancer;

import java.util.List;
import org.springframework.cloud.client.ServiceInstance;

/** Chooses one instance among admitted candidates (never empty, possibly a single one). */
interface InstancePicker {

    ServiceInstance pick(List<ServiceInstance> candidates);

    Strategy strategy();
}
