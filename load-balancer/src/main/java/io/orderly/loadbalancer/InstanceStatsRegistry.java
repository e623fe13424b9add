package io.orderly.loadbalancer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The one place where per-instance statistics live: a singleton shared by the balancers of every
 * service, fed by {@link InstanceStatsLifecycle} and read by the balancers.
 */
public class InstanceStatsRegistry {

    private static final Logger log = LoggerFactory.getLogger(InstanceStatsRegistry.class);

    private final LoadBalancingProperties properties;

    private final Ticker ticker;

    private final ConcurrentMap<String, InstanceStats> stats = new ConcurrentHashMap<>();

    private final ConcurrentMap<RequestKey, Pending> pending = new ConcurrentHashMap<>();

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private final AtomicLong lastSweepNanos;

    private final long sweepIntervalNanos;

    public InstanceStatsRegistry(LoadBalancingProperties properties, Ticker ticker) {
        this.properties = properties;
        this.ticker = ticker;
        this.lastSweepNanos = new AtomicLong(ticker.nanoTime());
        this.sweepIntervalNanos = Math.max(
                1,
                Math.min(
                                properties.inFlightTimeout().toNanos(),
                                properties.forgetAfter().toNanos())
                        / 4);
    }

    /** The statistics key of an instance: host:port, the same whichever service id spelling led to it. */
    public static String keyOf(ServiceInstance instance) {
        return instance.getHost() + ":" + instance.getPort();
    }

    public LoadBalancingProperties properties() {
        return properties;
    }

    public long now() {
        return ticker.nanoTime();
    }

    public InstanceStats stats(ServiceInstance instance) {
        String key = keyOf(instance);
        InstanceStats existing = stats.get(key);
        if (existing != null) {
            return existing;
        }
        InstanceStats created = new InstanceStats(key, properties, now());
        existing = stats.putIfAbsent(key, created);
        if (existing != null) {
            return existing;
        }
        listeners.forEach(listener -> listener.instanceAdded(created));
        return created;
    }

    public Optional<InstanceStats> find(String key) {
        return Optional.ofNullable(stats.get(key));
    }

    /**
     * The instances a balancer may choose from: those not ejected, or all of them when every one is
     * ejected, so that a service never loses its last instance to ejection.
     */
    public List<ServiceInstance> admitted(List<ServiceInstance> instances) {
        long now = now();
        sweepIfDue(now);
        List<ServiceInstance> admitted = new ArrayList<>(instances.size());
        for (ServiceInstance instance : instances) {
            InstanceStats s = stats(instance);
            s.seen(now);
            if (!s.isEjected(now)) {
                admitted.add(instance);
            }
        }
        return admitted.isEmpty() ? instances : admitted;
    }

    /** A request was sent to {@code instance}; {@code request} identifies it until {@link #requestFinished}. */
    public void requestStarted(Object request, ServiceInstance instance) {
        long now = now();
        InstanceStats s = stats(instance);
        s.seen(now);
        s.started();
        Pending previous = pending.put(new RequestKey(request), new Pending(s, now));
        if (previous != null) {
            previous.stats().finished();
        }
        sweepIfDue(now);
    }

    /**
     * The request finished. {@code instance} is used only when the start was not seen (or has
     * expired); latency is then unknown but the outcome still counts.
     */
    public void requestFinished(Object request, ServiceInstance instance, Outcome outcome) {
        long now = now();
        Pending started = pending.remove(new RequestKey(request));
        InstanceStats s;
        long latency = -1;
        if (started != null) {
            s = started.stats();
            s.finished();
            latency = now - started.startNanos();
        } else if (instance != null) {
            s = stats(instance);
        } else {
            return;
        }
        switch (outcome) {
            case SUCCESS -> {
                if (latency >= 0) {
                    s.recordLatency(latency, now);
                }
                s.recordSuccess(now);
            }
            case FAILURE, CONNECT_FAILURE -> {
                if (latency >= 0) {
                    s.recordFailureLatency(latency, now);
                }
                s.recordFailure(outcome == Outcome.CONNECT_FAILURE, now)
                        .ifPresent(duration -> ejected(s, outcome, duration));
            }
            case DISCARDED -> {}
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Drops stale in-flight entries and forgets instances discovery stopped naming. */
    void sweep(long now) {
        long inFlightTimeout = properties.inFlightTimeout().toNanos();
        pending.forEach((key, started) -> {
            if (now - started.startNanos() > inFlightTimeout && pending.remove(key, started)) {
                started.stats().finished();
            }
        });
        long forgetAfter = properties.forgetAfter().toNanos();
        stats.values().removeIf(s -> {
            boolean forgotten = s.inFlight() == 0 && now - s.lastSeenNanos() > forgetAfter;
            if (forgotten) {
                listeners.forEach(listener -> listener.instanceForgotten(s));
            }
            return forgotten;
        });
    }

    private void sweepIfDue(long now) {
        long last = lastSweepNanos.get();
        if (now - last >= sweepIntervalNanos && lastSweepNanos.compareAndSet(last, now)) {
            sweep(now);
        }
    }

    private void ejected(InstanceStats s, Outcome outcome, Duration duration) {
        log.warn(
                "Ejecting instance {} for {} ms after {}",
                s.key(),
                duration.toMillis(),
                outcome == Outcome.CONNECT_FAILURE ? "a connect failure" : "failed requests");
        listeners.forEach(listener -> listener.instanceEjected(s, duration));
    }

    /** Told about instances appearing, being ejected and being forgotten (metrics use it). */
    public interface Listener {

        default void instanceAdded(InstanceStats stats) {}

        default void instanceEjected(InstanceStats stats, Duration duration) {}

        default void instanceForgotten(InstanceStats stats) {}
    }

    /** Requests are told apart by identity: two requests may have equal contexts. */
    private record RequestKey(Object request) {

        @Override
        public boolean equals(Object other) {
            return other instanceof RequestKey key && key.request == request;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(request);
        }
    }

    private record Pending(InstanceStats stats, long startNanos) {}
}
