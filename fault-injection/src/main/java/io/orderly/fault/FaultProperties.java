package io.orderly.fault;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fault injection for tests and benchmarks ({@code orderly.fault.*}), in a jar that only they put
 * on a running service's classpath; off unless set, and never meant for production.
 *
 * @param delay added to every {@code /api/**} request (0 = off); env {@code ORDERLY_FAULT_DELAY}
 * @param maxConcurrency at most this many {@code /api/**} requests run at once, the others wait in
 * arrival order (0 = unlimited); env {@code ORDERLY_FAULT_MAX_CONCURRENCY}
 */
@ConfigurationProperties("orderly.fault")
public record FaultProperties(
        @DefaultValue("0ms") Duration delay,
        @DefaultValue("0") int maxConcurrency) {

    public FaultProperties {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("orderly.fault.delay must not be negative: " + delay);
        }
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("orderly.fault.max-concurrency must not be negative: " + maxConcurrency);
        }
    }

    boolean active() {
        return delay.isPositive() || maxConcurrency > 0;
    }
}
