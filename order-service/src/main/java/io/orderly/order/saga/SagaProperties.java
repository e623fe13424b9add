package io.orderly.order.saga;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How sagas run (defaults in application.yml).
 *
 * @param deadline how long the try steps may take before the saga is compensated with TIMED_OUT
 * @param waitBudget how long POST /api/orders waits for the saga before answering 202
 * @param lease how long an instance owns a saga it drives; renewed at every step
 * @param stuckThreshold age beyond which an unfinished saga counts as stuck in the metrics
 * @param maxUnexpectedAttempts answers the protocol does not expect (a 400, 403...) that one step
 *     may get before the saga stops retrying it: compensated before the point of no return,
 *     parked as NEEDS_ATTENTION after it or in a compensation
 * @param backoff delays between deferred attempts of a step
 * @param recovery the worker that resumes due sagas
 */
@ConfigurationProperties("orderly.saga")
public record SagaProperties(
        Duration deadline,
        Duration waitBudget,
        Duration lease,
        Duration stuckThreshold,
        int maxUnexpectedAttempts,
        Backoff backoff,
        Recovery recovery) {

    /** Exponential backoff with jitter: initial * multiplier^(attempt-1), capped at max, +/- jitter. */
    public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {}

    /** The recovery worker: whether it runs, how often, how many sagas it claims and drives at once. */
    public record Recovery(boolean enabled, Duration interval, int batchSize, int maxConcurrent) {}
}
