package io.orderly.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The backoff grows, is jittered, and at its cap is still spread but never above it. */
class BackoffTest {

    private static final SagaProperties.Backoff SETTINGS =
            new SagaProperties.Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.5);

    @Test
    void withoutJitterTheDelayDoublesFromTheInitialOne() {
        Backoff backoff =
                new Backoff(new SagaProperties.Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0));

        assertThat(IntStream.rangeClosed(1, 4).mapToObj(backoff::after))
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofMillis(1000),
                        Duration.ofMillis(2000),
                        Duration.ofMillis(4000));
    }

    @Test
    void belowTheCapTheJitterSpreadsTheDelayOnBothSides() {
        assertThat(new Backoff(SETTINGS, () -> 0.0).after(3)).isEqualTo(Duration.ofMillis(1000));
        assertThat(new Backoff(SETTINGS, () -> 0.5).after(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(new Backoff(SETTINGS, () -> 0.999_999).after(3)).isEqualTo(Duration.ofMillis(3000));
    }

    @Test
    void atTheCapTheDelayIsNeverAboveTheMaximum() {
        Backoff highest = new Backoff(SETTINGS, () -> 0.999_999);

        assertThat(highest.after(6)).as("16 s * 1.5, below the cap").isEqualTo(Duration.ofSeconds(24));
        assertThat(highest.after(7))
                .as("32 s capped to 30 s, then 45 s cut to 30 s")
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(highest.after(40)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void sagasWaitingAtTheCapAreStillSpreadOverTheLowerHalfOfIt() {
        Backoff backoff = new Backoff(SETTINGS);
        Set<Duration> delays = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            Duration delay = backoff.after(20);
            assertThat(delay).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
            delays.add(delay);
        }

        assertThat(delays).as("distinct delays at the cap").hasSizeGreaterThan(500);
        assertThat(new Backoff(SETTINGS, () -> 0.0).after(20)).isEqualTo(Duration.ofSeconds(15));
    }
}
