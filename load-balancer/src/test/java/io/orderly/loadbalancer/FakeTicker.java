package io.orderly.loadbalancer;

import java.time.Duration;

/** A clock the test moves by hand. Starts far from zero, as System.nanoTime may. */
final class FakeTicker implements Ticker {

    private long now = -5_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    void advance(Duration duration) {
        now += duration.toNanos();
    }
}
