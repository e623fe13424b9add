package io.orderly.loadbalancer;

import static io.orderly.loadbalancer.Instances.instance;
import static io.orderly.loadbalancer.Instances.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;

class PowerOfTwoChoicesTest {

    private final FakeTicker ticker = new FakeTicker();

    private final InstanceStatsRegistry registry =
            new InstanceStatsRegistry(LoadBalancingProperties.defaults(), ticker);

    private final Random random = new Random(42);

    private final PowerOfTwoChoices p2c = new PowerOfTwoChoices(registry, () -> random);

    private final ServiceInstance fast = instance("fast", 8081);

    private final ServiceInstance slow = instance("slow", 8082);

    @Test
    void sendsTheLargeMajorityOfRequestsToTheFasterInstance() {
        Map<ServiceInstance, Integer> picks = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            ServiceInstance chosen = p2c.pick(List.of(fast, slow));
            picks.merge(chosen, 1, Integer::sum);
            succeed(registry, ticker, chosen, chosen == fast ? Duration.ofMillis(10) : Duration.ofMillis(200));
        }
        assertThat(picks.get(fast)).isGreaterThan(950);
        assertThat(picks.getOrDefault(slow, 0)).isGreaterThan(0);
    }

    @Test
    void prefersTheLessLoadedInstanceWhenLatenciesAreEqual() {
        succeed(registry, ticker, fast, Duration.ofMillis(50));
        succeed(registry, ticker, slow, Duration.ofMillis(50));
        ServiceInstance busy = fast;
        ServiceInstance idle = slow;
        for (int i = 0; i < 4; i++) {
            registry.requestStarted(new Object(), busy);
        }

        for (int i = 0; i < 4; i++) {
            ServiceInstance chosen = p2c.pick(List.of(busy, idle));
            assertThat(chosen).as("pick %d", i).isEqualTo(idle);
            registry.requestStarted(new Object(), chosen);
        }
        for (int i = 0; i < 20; i++) {
            registry.requestStarted(new Object(), p2c.pick(List.of(busy, idle)));
        }
        assertThat(Math.abs(
                        registry.stats(busy).inFlight() - registry.stats(idle).inFlight()))
                .isLessThanOrEqualTo(1);
    }

    @Test
    void spreadsLoadEvenlyAmongEqualInstances() {
        List<ServiceInstance> instances =
                List.of(instance("a", 9001), instance("b", 9002), instance("c", 9003), instance("d", 9004));
        Map<ServiceInstance, Integer> picks = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            ServiceInstance chosen = p2c.pick(instances);
            picks.merge(chosen, 1, Integer::sum);
            succeed(registry, ticker, chosen, Duration.ofMillis(20));
        }
        assertThat(picks.values())
                .hasSize(4)
                .allSatisfy(count -> assertThat(count).isBetween(850, 1150));
    }

    @Test
    void spreadsConcurrentLoadEvenlyAmongUnmeasuredInstances() {
        List<ServiceInstance> instances = List.of(instance("a", 9001), instance("b", 9002), instance("c", 9003));
        for (int i = 0; i < 300; i++) {
            registry.requestStarted(new Object(), p2c.pick(instances));
        }
        assertThat(instances)
                .allSatisfy(i -> assertThat(registry.stats(i).inFlight()).isBetween(95, 105));
    }

    @Test
    void aNewInstanceStartsAtTheNeutralCostSoItIsProbedButNotFlooded() {
        succeed(registry, ticker, fast, Duration.ofMillis(50));
        succeed(registry, ticker, slow, Duration.ofMillis(50));
        ServiceInstance fresh = instance("fresh", 8083);
        List<ServiceInstance> instances = List.of(fast, slow, fresh);

        for (int i = 0; i < 300; i++) {
            registry.requestStarted(new Object(), p2c.pick(instances));
        }

        // A zero cost would have sent it everything; it gets a peer's share instead.
        assertThat(registry.stats(fresh).inFlight()).isBetween(60, 140);
    }

    @Test
    void theNeutralCostIsTheMedianOfTheMeasuredPeers() {
        ServiceInstance medium = instance("medium", 8083);
        ServiceInstance fresh = instance("fresh", 8084);
        succeed(registry, ticker, fast, Duration.ofMillis(10));
        succeed(registry, ticker, medium, Duration.ofMillis(400));
        succeed(registry, ticker, slow, Duration.ofMillis(1000));

        int freshPicks = 0;
        for (int i = 0; i < 2400; i++) {
            if (p2c.pick(List.of(fast, medium, slow, fresh)) == fresh) {
                freshPicks++;
            }
        }
        // Costing 400 ms, the fresh instance loses to fast, beats slow and ties with medium: a quarter
        // of the picks. Costing zero it would win half, costing the 100 ms default a third.
        assertThat(freshPicks).isBetween(500, 700);
    }

    @Test
    void aSlowInstanceIsProbedAgainOnceItsEstimateHasDecayed() {
        succeed(registry, ticker, slow, Duration.ofSeconds(2));
        int slowPicks = 0;
        for (int i = 0; i < 4000; i++) {
            ServiceInstance chosen = p2c.pick(List.of(fast, slow));
            if (chosen == slow) {
                slowPicks++;
            }
            succeed(registry, ticker, chosen, chosen == fast ? Duration.ofMillis(10) : Duration.ofSeconds(2));
        }
        // 40 s of traffic at decay time 10 s: probed a few times, never starved, never favoured.
        assertThat(slowPicks).isBetween(1, 10);
    }

    @Test
    void withOneCandidateItIsChosen() {
        assertThat(p2c.pick(List.of(slow))).isEqualTo(slow);
    }
}
