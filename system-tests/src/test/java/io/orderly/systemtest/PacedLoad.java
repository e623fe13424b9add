package io.orderly.systemtest;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A load loop on a scheduler: one call, then the next one {@code every} later (fixed delay, so one
 * call at a time), until it has run {@code maxCalls} times or for {@code maxTime}, or is stopped.
 * Pacing, not waiting for a result; bounded in count and time. A call that throws ends the loop, and
 * {@link #awaitEnd()} or {@link #close()} rethrows it.
 */
final class PacedLoad implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Duration maxTime;

    private PacedLoad(String name, Duration every, int maxCalls, Duration maxTime, Runnable call) {
        this.maxTime = maxTime;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name).factory());
        long deadline = System.nanoTime() + maxTime.toNanos();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    if (ended.getCount() == 0) {
                        return;
                    }
                    if (calls.get() >= maxCalls || System.nanoTime() >= deadline) {
                        ended.countDown();
                        return;
                    }
                    try {
                        call.run();
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        ended.countDown();
                    }
                },
                0,
                every.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    static PacedLoad start(String name, Duration every, int maxCalls, Duration maxTime, Runnable call) {
        return new PacedLoad(name, every, maxCalls, maxTime, call);
    }

    /** Waits until the loop has reached its bound (or failed) and returns how many calls it made. */
    int awaitEnd() {
        try {
            if (!ended.await(maxTime.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the load loop did not end within its bound of " + maxTime);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        close();
        return calls.get();
    }

    /** Calls made so far. */
    int calls() {
        return calls.get();
    }

    /** Stops the loop after the call in progress, if any. */
    @Override
    public void close() {
        ended.countDown();
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.shutdownNow();
        }
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
