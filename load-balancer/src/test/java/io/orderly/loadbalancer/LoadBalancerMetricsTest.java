package io.orderly.loadbalancer;

import static io.orderly.loadbalancer.Instances.instance;
import static io.orderly.loadbalancer.Instances.refuse;
import static io.orderly.loadbalancer.Instances.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;

class LoadBalancerMetricsTest {

    private final FakeTicker ticker = new FakeTicker();

    private final InstanceStatsRegistry registry =
            new InstanceStatsRegistry(LoadBalancingProperties.defaults(), ticker);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final ServiceInstance a = instance("a", 8081);

    @Test
    void publishesInFlightLatencyAndEjectionsPerInstanceUntilTheInstanceIsForgotten() {
        new LoadBalancerMetrics(registry).bindTo(meters);
        String key = InstanceStatsRegistry.keyOf(a);

        succeed(registry, ticker, a, Duration.ofMillis(250));
        registry.requestStarted(new Object(), a);
        refuse(registry, ticker, a);

        assertThat(meters.get("orderly.loadbalancer.in.flight")
                        .tag("instance", key)
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(meters.get("orderly.loadbalancer.latency.ewma")
                        .tag("instance", key)
                        .gauge()
                        .value())
                .isCloseTo(0.25, Offset.offset(0.01));
        assertThat(meters.get("orderly.loadbalancer.ejections")
                        .tag("instance", key)
                        .counter()
                        .count())
                .isEqualTo(1);

        ticker.advance(Duration.ofMinutes(11));
        registry.admitted(List.of(instance("b", 8082)));
        assertThat(meters.find("orderly.loadbalancer.latency.ewma")
                        .tag("instance", key)
                        .gauge())
                .isNull();
    }
}
