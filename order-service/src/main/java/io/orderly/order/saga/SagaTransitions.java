package io.orderly.order.saga;

import io.orderly.order.orders.FailureReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes each outcome of a saga in its own transaction, before the next call goes out. Every
 * write first checks that the caller still holds the lease and renews it; the saga's version
 * column catches a concurrent claim.
 */
@Component
class SagaTransitions {

    private static final Logger log = LoggerFactory.getLogger(SagaTransitions.class);

    private final SagaRepository sagas;
    private final Clock clock;
    private final SagaProperties properties;
    private final SagaMetrics metrics;
    private final Backoff backoff;

    SagaTransitions(
            SagaRepository sagas, Clock clock, SagaProperties properties, SagaMetrics metrics, Backoff backoff) {
        this.sagas = sagas;
        this.clock = clock;
        this.properties = properties;
        this.metrics = metrics;
        this.backoff = backoff;
    }

    @Transactional
    public SagaSnapshot resume(String orderId, String owner) {
        return SagaSnapshot.of(leased(orderId, owner, clock.instant()));
    }

    /** Records what the current step's call came to. */
    @Transactional
    public SagaSnapshot record(String orderId, String owner, Step step, StepOutcome outcome) {
        Instant now = clock.instant();
        Saga saga = leased(orderId, owner, now);
        SagaState before = saga.state();
        String why = switch (outcome) {
            case StepOutcome.Succeeded succeeded -> {
                succeeded.update().apply(saga.order(), now);
                saga.succeeded(step, now);
                yield step + " succeeded" + succeeded.note();
            }
            case StepOutcome.Refused refused -> {
                saga.refused(step, refused.reason(), refused.detail(), now);
                metrics.compensating(refused.reason());
                yield step + " refused: " + refused.reason();
            }
        };
        if (saga.state().isFinal()) {
            metrics.completed(saga.state(), Duration.between(saga.order().createdAt(), now));
        }
        return transitioned(saga, before, why);
    }

    @Transactional
    public SagaSnapshot timedOut(String orderId, String owner) {
        Instant now = clock.instant();
        Saga saga = leased(orderId, owner, now);
        SagaState before = saga.state();
        saga.timedOut(now);
        metrics.compensating(FailureReason.TIMED_OUT);
        return transitioned(saga, before, "deadline " + saga.deadline() + " passed");
    }

    /** Records an unknown outcome and schedules the next attempt; the lease is released for any instance. */
    @Transactional
    public void deferred(String orderId, String owner, Step step, String error) {
        Instant now = clock.instant();
        Saga saga = leased(orderId, owner, now);
        Instant next = now.plus(backoff.after(saga.step(step).attempts() + 1));
        if (saga.isTrying() && next.isAfter(saga.deadline())) {
            next = saga.deadline().plusMillis(1);
        }
        saga.deferred(step, error, next, now);
        metrics.stepRetried(step);
        log.warn(
                "Saga {} {}: {} attempt {} failed ({}); next attempt at {}",
                orderId,
                saga.state(),
                step,
                saga.step(step).attempts(),
                error,
                next);
    }

    /**
     * Records an answer the protocol does not expect: deferred like an unknown outcome until the
     * bound, then compensated (a try step) or parked (past the point of no return, or compensating).
     * Returns the saga to drive on, or null when it waits for its next attempt or for an admin.
     */
    @Transactional
    public SagaSnapshot unexpected(String orderId, String owner, Step step, String error) {
        Instant now = clock.instant();
        Saga saga = leased(orderId, owner, now);
        SagaState before = saga.state();
        Instant next = now.plus(backoff.after(saga.step(step).attempts() + 1));
        if (saga.isTrying() && next.isAfter(saga.deadline())) {
            next = saga.deadline().plusMillis(1);
        }
        saga.unexpected(step, error, properties.maxUnexpectedAttempts(), next, now);
        int count = saga.step(step).unexpectedAttempts();
        if (saga.state() == SagaState.COMPENSATING && before != SagaState.COMPENSATING) {
            metrics.compensating(FailureReason.PARTICIPANT_ERROR);
            return transitioned(saga, before, step + " answered unexpectedly " + count + " times: " + error);
        }
        if (saga.isParked()) {
            metrics.parked(step);
            log.error(
                    "Saga {} parked as NEEDS_ATTENTION at {} after {} unexpected answers ({}); an admin must retry it",
                    orderId,
                    step,
                    count,
                    error);
            return SagaSnapshot.of(saga);
        }
        metrics.stepRetried(step);
        log.warn(
                "Saga {} {}: {} answered unexpectedly ({} of {}: {}); next attempt at {}",
                orderId,
                saga.state(),
                step,
                count,
                properties.maxUnexpectedAttempts(),
                error,
                next);
        return null;
    }

    private Saga leased(String orderId, String owner, Instant now) {
        Saga saga = sagas.findWithOrder(orderId).orElseThrow(() -> new IllegalArgumentException("No saga " + orderId));
        if (!saga.leasedBy(owner)) {
            throw new LeaseLostException(orderId, owner, saga.leaseOwner());
        }
        saga.lease(owner, now.plus(properties.lease()));
        return saga;
    }

    private SagaSnapshot transitioned(Saga saga, SagaState before, String why) {
        if (before != saga.state()) {
            log.info("Saga {}: {} -> {} ({})", saga.orderId(), before, saga.state(), why);
        } else {
            log.info("Saga {}: {} ({})", saga.orderId(), saga.state(), why);
        }
        return SagaSnapshot.of(saga);
    }
}
