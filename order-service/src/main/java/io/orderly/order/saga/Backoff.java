package io.orderly.order.saga;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Growing, capped delays with jitter, so that retries of many sagas do not arrive together.
 *
 * <p>Our own rather than Resilience4j's {@code IntervalFunction.ofExponentialRandomBackoff}: that one
 * randomises first and caps after, so every saga that has reached the maximum waits exactly the
 * maximum and they all fire together. Here the jitter window is cut at the cap instead: at the cap a
 * delay is spread over {@code [max * (1 - jitter), max]}, and it is never above {@code max}.
 */
final class Backoff {

    private final SagaProperties.Backoff settings;
    private final DoubleSupplier random;

    Backoff(SagaProperties.Backoff settings) {
        this(settings, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With {@code random} giving values in [0, 1): tests pass fixed ones. */
    Backoff(SagaProperties.Backoff settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    /** The delay before attempt number {@code attempts + 1}, given {@code attempts} so far (1 or more). */
    Duration after(int attempts) {
        double max = settings.max().toMillis();
        double base = settings.initial().toMillis() * Math.pow(settings.multiplier(), Math.max(0, attempts - 1));
        double capped = Math.min(base, max);
        double low = capped * (1 - settings.jitter());
        double high = Math.min(capped * (1 + settings.jitter()), max);
        double delay = low + (high - low) * random.getAsDouble();
        return Duration.ofMillis(Math.max(1, Math.min(Math.round(delay), Math.round(max))));
    }
}
