package io.orderly.loadbalancer;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Power of two choices: draws two distinct candidates at random and keeps the cheaper, where cost
 * is the peak-EWMA latency times (in-flight + 1). An instance never measured costs the neutral
 * latency (median of its measured peers, else the configured default), not zero, so a new
 * instance is probed rather than flooded.
 */
final class PowerOfTwoChoices implements InstancePicker {

    private final InstanceStatsRegistry registry;

    private final Supplier<? extends RandomGenerator> random;

    PowerOfTwoChoices(InstanceStatsRegistry registry, Supplier<? extends RandomGenerator> random) {
        this.registry = registry;
        this.random = random;
    }

    @Override
    public ServiceInstance pick(List<ServiceInstance> candidates) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        RandomGenerator rnd = random.get();
        int first = rnd.nextInt(n);
        int second = rnd.nextInt(n - 1);
        if (second >= first) {
            second++;
        }
        long now = registry.now();
        double[] latencies = latencies(candidates, now);
        double neutral = neutral(latencies);
        double firstCost = cost(candidates.get(first), latencies[first], neutral);
        double secondCost = cost(candidates.get(second), latencies[second], neutral);
        if (firstCost == secondCost) {
            return candidates.get(rnd.nextBoolean() ? first : second);
        }
        return candidates.get(firstCost < secondCost ? first : second);
    }

    @Override
    public Strategy strategy() {
        return Strategy.LATENCY;
    }

    private double[] latencies(List<ServiceInstance> candidates, long now) {
        double[] latencies = new double[candidates.size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = registry.stats(candidates.get(i)).latencyNanos(now);
        }
        return latencies;
    }

    private double neutral(double[] latencies) {
        double[] known =
                Arrays.stream(latencies).filter(l -> !Double.isNaN(l)).sorted().toArray();
        if (known.length == 0) {
            return registry.properties().defaultLatency().toNanos();
        }
        int middle = known.length / 2;
        return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
    }

    private double cost(ServiceInstance instance, double latency, double neutral) {
        double estimate = Double.isNaN(latency) ? neutral : latency;
        return estimate * (registry.stats(instance).inFlight() + 1);
    }
}
