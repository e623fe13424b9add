package io.orderly.loadbalancer;

import static io.orderly.loadbalancer.Instances.fail;
import static io.orderly.loadbalancer.Instances.instance;
import static io.orderly.loadbalancer.Instances.refuse;
import static io.orderly.loadbalancer.Instances.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;

class EjectionTest {

    private final FakeTicker ticker = new FakeTicker();

    private final InstanceStatsRegistry registry =
            new InstanceStatsRegistry(LoadBalancingProperties.defaults(), ticker);

    private final ServiceInstance healthy = instance("healthy", 8081);

    private final ServiceInstance flaky = instance("flaky", 8082);

    private final List<ServiceInstance> both = List.of(healthy, flaky);

    @Test
    void aConnectRefusalEjectsTheInstanceAtOnce() {
        refuse(registry, ticker, flaky);

        assertThat(registry.admitted(both)).containsExactly(healthy);
        assertThat(registry.stats(flaky).ejections()).isEqualTo(1);
    }

    @Test
    void aRunOfFailuresEjectsTheInstance() {
        fail(registry, ticker, flaky);
        fail(registry, ticker, flaky);
        assertThat(registry.admitted(both)).containsExactly(healthy, flaky);

        fail(registry, ticker, flaky);
        assertThat(registry.admitted(both)).containsExactly(healthy);
    }

    @Test
    void failuresInterruptedByASuccessDoNotEject() {
        fail(registry, ticker, flaky);
        fail(registry, ticker, flaky);
        succeed(registry, ticker, flaky, Duration.ofMillis(5));
        fail(registry, ticker, flaky);
        fail(registry, ticker, flaky);

        assertThat(registry.admitted(both)).containsExactly(healthy, flaky);
    }

    @Test
    void anEjectedInstanceIsReadmittedAfterTheBackoff() {
        refuse(registry, ticker, flaky);
        ticker.advance(Duration.ofMillis(998));
        assertThat(registry.admitted(both)).containsExactly(healthy);

        ticker.advance(Duration.ofMillis(2));
        assertThat(registry.admitted(both)).containsExactly(healthy, flaky);
    }

    @Test
    void theBackoffDoublesOnEachRepeatUpToTheMaximum() {
        long[] expectedSeconds = {1, 2, 4, 8, 16, 30, 30};
        for (long seconds : expectedSeconds) {
            // On probation after a re-admission, a single failure of any kind ejects again.
            fail(registry, ticker, flaky);
            if (seconds == 1) {
                fail(registry, ticker, flaky);
                fail(registry, ticker, flaky);
            }
            assertThat(ejectedFor(flaky)).as("ejection after %d s", seconds).isEqualTo(Duration.ofSeconds(seconds));
        }
    }

    @Test
    void aSuccessAfterReadmissionResetsTheBackoff() {
        refuse(registry, ticker, flaky);
        assertThat(ejectedFor(flaky)).isEqualTo(Duration.ofSeconds(1));
        refuse(registry, ticker, flaky);
        assertThat(ejectedFor(flaky)).isEqualTo(Duration.ofSeconds(2));

        succeed(registry, ticker, flaky, Duration.ofMillis(5));
        fail(registry, ticker, flaky);
        fail(registry, ticker, flaky);
        assertThat(registry.admitted(both)).as("no longer on probation").contains(flaky);
        fail(registry, ticker, flaky);
        assertThat(ejectedFor(flaky)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void failuresOfRequestsStartedBeforeTheEjectionDoNotExtendIt() {
        Object late = new Object();
        registry.requestStarted(late, flaky);
        refuse(registry, ticker, flaky);
        registry.requestFinished(late, flaky, Outcome.FAILURE);

        assertThat(ejectedFor(flaky)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void neverEjectsTheLastInstance() {
        refuse(registry, ticker, healthy);
        refuse(registry, ticker, flaky);

        assertThat(registry.admitted(both)).containsExactly(healthy, flaky);
        assertThat(registry.admitted(List.of(flaky))).containsExactly(flaky);
    }

    @Test
    void aFastFailureDoesNotMakeTheInstanceLookFaster() {
        succeed(registry, ticker, flaky, Duration.ofMillis(200));
        refuse(registry, ticker, flaky);

        assertThat(registry.stats(flaky).latencyNanos(ticker.nanoTime())).isGreaterThan(190e6);
    }

    @Test
    void aRequestWhoseCompletionIsNeverReportedStopsCountingAsInFlight() {
        registry.requestStarted(new Object(), flaky);
        assertThat(registry.stats(flaky).inFlight()).isEqualTo(1);

        ticker.advance(Duration.ofSeconds(61));
        registry.admitted(both);

        assertThat(registry.stats(flaky).inFlight()).isZero();
    }

    @Test
    void forgetsInstancesDiscoveryNoLongerNames() {
        refuse(registry, ticker, flaky);
        registry.admitted(both);

        for (int minute = 0; minute < 11; minute++) {
            ticker.advance(Duration.ofMinutes(1));
            registry.admitted(List.of(healthy));
        }

        assertThat(registry.find(InstanceStatsRegistry.keyOf(flaky))).isEmpty();
        assertThat(registry.find(InstanceStatsRegistry.keyOf(healthy))).isPresent();
    }

    /** Measures the ejection by moving the clock until the instance is admitted again. */
    private Duration ejectedFor(ServiceInstance instance) {
        Duration waited = Duration.ZERO;
        Duration step = Duration.ofMillis(100);
        while (registry.stats(instance).isEjected(ticker.nanoTime())) {
            ticker.advance(step);
            waited = waited.plus(step);
        }
        return waited;
    }
}
