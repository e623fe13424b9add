package io.orderly.gateway.retry;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket of retries shared by all routes: every first attempt deposits {@code ratio}
 * tokens, every retry takes one, and {@code minPerSecond} tokens trickle in so that a quiet gateway
 * can still retry. During an outage retries therefore add at most about {@code ratio} of the
 * traffic, instead of multiplying it by the retry count.
 */
final class RetryBudget {

    private static final long SCALE = 1000; // tokens are kept in thousandths

    private final long depositPerRequest;
    private final long perSecond;
    private final long capacity;
    private final LongSupplier nanoTime;
    private long balance;
    private long lastRefill;

    RetryBudget(double ratio, int minPerSecond, int maxBalance, LongSupplier nanoTime) {
        this.depositPerRequest = Math.round(ratio * SCALE);
        this.perSecond = (long) minPerSecond * SCALE;
        this.capacity = (long) maxBalance * SCALE;
        this.nanoTime = nanoTime;
        this.lastRefill = nanoTime.getAsLong();
        this.balance = capacity;
    }

    /** A first attempt: earns a fraction of a retry. */
    synchronized void deposit() {
        refill();
        balance = Math.min(capacity, balance + depositPerRequest);
    }

    /** A retry: allowed when a whole token is left. */
    synchronized boolean tryWithdraw() {
        refill();
        if (balance >= SCALE) {
            balance -= SCALE;
            return true;
        }
        return false;
    }

    synchronized double balance() {
        refill();
        return balance / (double) SCALE;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastRefill;
        if (elapsed <= 0) {
            return;
        }
        long earned = perSecond * elapsed / TimeUnit.SECONDS.toNanos(1);
        if (earned > 0) {
            balance = Math.min(capacity, balance + earned);
            lastRefill = now;
        }
    }
}
