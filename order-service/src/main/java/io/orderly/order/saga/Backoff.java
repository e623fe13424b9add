package io.orderly.order.saga;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Growing, capped delays with jitter, so that retries of many sagas do not arrive together. */
final class Backoff {

    private final SagaProperties.Backoff settings;

    Backoff(SagaProperties.Backoff settings) {
        this.settings = settings;
    }

    /** The delay before attempt number {@code attempts + 1}, given {@code attempts} so far (1 or more). */
    Duration after(int attempts) {
        double base = settings.initial().toMillis() * Math.pow(settings.multiplier(), Math.max(0, attempts - 1));
        double capped = Math.min(base, settings.max().toMillis());
        double jitter = 1 + settings.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, Math.round(capped * jitter)));
    }
}
