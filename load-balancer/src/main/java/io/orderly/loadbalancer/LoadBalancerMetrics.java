package io.orderly.loadbalancer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Per-instance gauges {@code orderly.loadbalancer.in.flight} and
 * {@code orderly.loadbalancer.latency.ewma} (seconds) and the counter
 * {@code orderly.loadbalancer.ejections}, tagged {@code instance=host:port}. Spring Boot binds
 * every {@link MeterBinder} bean to the application's meter registry.
 */
public class LoadBalancerMetrics implements MeterBinder, InstanceStatsRegistry.Listener {

    private final InstanceStatsRegistry registry;

    private final List<MeterRegistry> meterRegistries = new CopyOnWriteArrayList<>();

    LoadBalancerMetrics(InstanceStatsRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        if (meterRegistries.isEmpty()) {
            registry.addListener(this);
        }
        meterRegistries.add(meterRegistry);
    }

    @Override
    public void instanceAdded(InstanceStats stats) {
        Tags tags = Tags.of("instance", stats.key());
        for (MeterRegistry meters : meterRegistries) {
            Gauge.builder("orderly.loadbalancer.in.flight", stats, InstanceStats::inFlight)
                    .tags(tags)
                    .description("Requests sent to the instance and not yet completed")
                    .register(meters);
            Gauge.builder("orderly.loadbalancer.latency.ewma", stats, this::latencySeconds)
                    .tags(tags)
                    .baseUnit("seconds")
                    .description("Peak EWMA of the instance's response time")
                    .register(meters);
            // At 0 from the start: an increase over it reads 0, not nothing, until the first ejection.
            ejections(meters, stats);
        }
    }

    @Override
    public void instanceEjected(InstanceStats stats, Duration duration) {
        for (MeterRegistry meters : meterRegistries) {
            ejections(meters, stats).increment();
        }
    }

    @Override
    public void instanceForgotten(InstanceStats stats) {
        Tags tags = Tags.of("instance", stats.key());
        for (MeterRegistry meters : meterRegistries) {
            meters.find("orderly.loadbalancer.in.flight").tags(tags).meters().forEach(meters::remove);
            meters.find("orderly.loadbalancer.latency.ewma").tags(tags).meters().forEach(meters::remove);
            meters.find("orderly.loadbalancer.ejections").tags(tags).meters().forEach(meters::remove);
        }
    }

    private Counter ejections(MeterRegistry meters, InstanceStats stats) {
        return Counter.builder("orderly.loadbalancer.ejections")
                .tags("instance", stats.key())
                .description("Times the instance was taken out of rotation by passive ejection")
                .register(meters);
    }

    private double latencySeconds(InstanceStats stats) {
        double nanos = stats.latencyNanos(registry.now());
        return Double.isNaN(nanos) ? 0 : nanos / 1e9;
    }
}
