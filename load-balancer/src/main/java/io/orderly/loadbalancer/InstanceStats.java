package io.orderly.loadbalancer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the balancer knows about one instance: requests in flight, a peak EWMA of its latency, and
 * its ejection state. Shared by every service's balancer through {@link InstanceStatsRegistry}.
 */
public final class InstanceStats {

    private final String key;

    private final double decayNanos;

    private final LoadBalancingProperties.Ejection rules;

    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile long lastSeenNanos;

    // Guarded by this.
    private double ewmaNanos = Double.NaN;

    private long ewmaStampNanos;

    private int consecutiveFailures;

    private int backoffLevel;

    private long ejectedUntilNanos;

    private boolean ejected;

    private long ejections;

    InstanceStats(String key, LoadBalancingProperties properties, long nowNanos) {
        this.key = key;
        this.decayNanos = properties.decayTime().toNanos();
        this.rules = properties.ejection();
        this.lastSeenNanos = nowNanos;
    }

    /** host:port of the instance. */
    public String key() {
        return key;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /**
     * The latency estimate in nanoseconds as of {@code now}, or NaN before the first sample. Like
     * Finagle's and Linkerd's peak EWMA, the estimate decays toward zero while no sample arrives,
     * so an instance that was slow once is tried again after a while instead of being starved.
     */
    public synchronized double latencyNanos(long nowNanos) {
        if (Double.isNaN(ewmaNanos)) {
            return Double.NaN;
        }
        ewmaNanos *= weightOfOld(nowNanos);
        ewmaStampNanos = Math.max(ewmaStampNanos, nowNanos);
        return ewmaNanos;
    }

    public synchronized boolean isEjected(long nowNanos) {
        return ejected && nowNanos - ejectedUntilNanos < 0;
    }

    /** Times this instance has been ejected since it was first seen. */
    public synchronized long ejections() {
        return ejections;
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished() {
        inFlight.updateAndGet(n -> Math.max(0, n - 1));
    }

    void seen(long nowNanos) {
        lastSeenNanos = nowNanos;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** A peak: a sample above the estimate replaces it at once; a lower one is averaged in. */
    synchronized void recordLatency(long latencyNanos, long nowNanos) {
        if (Double.isNaN(ewmaNanos) || latencyNanos > ewmaNanos) {
            ewmaNanos = latencyNanos;
        } else {
            double w = weightOfOld(nowNanos);
            ewmaNanos = ewmaNanos * w + latencyNanos * (1 - w);
        }
        ewmaStampNanos = Math.max(ewmaStampNanos, nowNanos);
    }

    /** A failure may be fast (a refusal, a quick 503): it must never make the instance look faster. */
    synchronized void recordFailureLatency(long latencyNanos, long nowNanos) {
        if (Double.isNaN(ewmaNanos) || latencyNanos > latencyNanos(nowNanos)) {
            recordLatency(latencyNanos, nowNanos);
        }
    }

    synchronized void recordSuccess(long nowNanos) {
        consecutiveFailures = 0;
        if (!isEjected(nowNanos)) {
            // Re-admitted and proved healthy: the next ejection starts from the base time again.
            backoffLevel = 0;
            ejected = false;
        }
    }

    /**
     * Counts a failure and ejects when the rules say so: at once for a connect failure or for any
     * failure while on probation (re-admitted after an ejection, not yet succeeded), else after a
     * run of failures. Failures reported while already ejected (requests that started before) do
     * not extend the ejection.
     * @return how long the instance is now ejected for, if this failure ejected it
     */
    synchronized Optional<Duration> recordFailure(boolean connectFailure, long nowNanos) {
        if (isEjected(nowNanos)) {
            return Optional.empty();
        }
        consecutiveFailures++;
        boolean onProbation = backoffLevel > 0;
        if (!connectFailure && !onProbation && consecutiveFailures < rules.consecutiveFailures()) {
            return Optional.empty();
        }
        Duration duration = backoff(backoffLevel);
        backoffLevel++;
        consecutiveFailures = 0;
        ejected = true;
        ejectedUntilNanos = nowNanos + duration.toNanos();
        ejections++;
        return Optional.of(duration);
    }

    private Duration backoff(int level) {
        long base = rules.baseTime().toNanos();
        long max = rules.maxTime().toNanos();
        double grown = base * Math.pow(2, Math.min(level, 62));
        return Duration.ofNanos((long) Math.min(grown, max));
    }

    private double weightOfOld(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - ewmaStampNanos);
        return decayNanos <= 0 ? 0 : Math.exp(-elapsed / decayNanos);
    }

    @Override
    public synchronized String toString() {
        return key + "[inFlight=" + inFlight.get() + ", ewmaMs=" + ewmaNanos / 1e6 + ", ejected=" + ejected + "]";
    }
}
