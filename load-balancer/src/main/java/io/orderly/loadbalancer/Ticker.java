package io.orderly.loadbalancer;

/** A monotonic nanosecond clock, replaceable in tests so that no test has to sleep. */
@FunctionalInterface
public interface Ticker {

    long nanoTime();

    static Ticker system() {
        return System::nanoTime;
    }
}
