package io.orderly.loadbalancer;

import java.time.Duration;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

/** Test instances and a way to play requests against the registry. */
final class Instances {

    private Instances() {}

    static ServiceInstance instance(String name, int port) {
        return new DefaultServiceInstance(name, "inventory-service", "10.0.0." + (port % 250), port, false);
    }

    /** One request to {@code instance} that takes {@code latency} of the fake clock and ends with {@code outcome}. */
    static void serve(
            InstanceStatsRegistry registry,
            FakeTicker ticker,
            ServiceInstance instance,
            Duration latency,
            Outcome outcome) {
        Object request = new Object();
        registry.requestStarted(request, instance);
        ticker.advance(latency);
        registry.requestFinished(request, instance, outcome);
    }

    static void succeed(InstanceStatsRegistry registry, FakeTicker ticker, ServiceInstance instance, Duration latency) {
        serve(registry, ticker, instance, latency, Outcome.SUCCESS);
    }

    static void refuse(InstanceStatsRegistry registry, FakeTicker ticker, ServiceInstance instance) {
        serve(registry, ticker, instance, Duration.ofMillis(1), Outcome.CONNECT_FAILURE);
    }

    static void fail(InstanceStatsRegistry registry, FakeTicker ticker, ServiceInstance instance) {
        serve(registry, ticker, instance, Duration.ofMillis(5), Outcome.FAILURE);
    }
}
