package io.orderly.order.saga;

import io.orderly.order.participant.ParticipantException;
import io.orderly.order.participant.UnexpectedParticipantResponseException;
import io.orderly.web.problem.DatabaseUnavailable;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * The engine: walks a saga through {@link OrderSaga#DEFINITION} as far as it can go now, one step
 * at a time: make the step's call, write its outcome, take the step that outcome leads to. Each
 * outcome is written before the next call; an unknown outcome defers the saga to the recovery worker.
 */
@Component
class SagaOrchestrator {

    private static final Logger log = LoggerFactory.getLogger(SagaOrchestrator.class);

    private final SagaTransitions transitions;
    private final Participants participants;
    private final SagaCompletions completions;
    private final SagaTracing tracing;
    private final Clock clock;
    private final Set<String> driving = ConcurrentHashMap.newKeySet();

    SagaOrchestrator(
            SagaTransitions transitions,
            Participants participants,
            SagaCompletions completions,
            SagaTracing tracing,
            Clock clock) {
        this.transitions = transitions;
        this.participants = participants;
        this.completions = completions;
        this.tracing = tracing;
        this.clock = clock;
    }

    /**
     * Drives the saga until it ends or is deferred. Returns the state it stopped in, or null when it
     * was not this caller's to drive (driven by another thread, or leased by another instance).
     */
    SagaState drive(String orderId, String owner) {
        return drive(orderId, owner, null);
    }

    /**
     * Drives a saga this instance has just written and leased, from the snapshot taken when it was
     * written: a new saga needs no read-and-renew before its first call.
     */
    SagaState driveNew(SagaSnapshot first, String owner) {
        return drive(first.orderId(), owner, first);
    }

    private SagaState drive(String orderId, String owner, SagaSnapshot first) {
        if (!driving.add(orderId)) {
            return null;
        }
        try {
            SagaSnapshot saga = first != null ? first : transitions.resume(orderId, owner);
            return tracing.drive(saga, owner, first == null, () -> driveOn(saga, owner));
        } catch (LeaseLostException | OptimisticLockingFailureException e) {
            log.info("Saga {} is driven by another instance now: {}", orderId, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // Nobody here drives the saga on, so a request waiting for it answers now, not at the end
            // of its wait budget.
            completions.stopped(orderId, e);
            Throwable unavailable = DatabaseUnavailable.cause(e);
            if (unavailable != null) {
                // Not a bug: an outcome could not be written. The saga resumes from the last outcome it
                // wrote when its lease expires (a participant call is repeated; each is idempotent).
                log.warn(
                        "Saga {} paused, its database is unavailable ({}); it is resumed when its lease expires",
                        orderId,
                        unavailable.toString().replaceAll("\\s+", " "));
                return null;
            }
            log.error("Saga {} stopped unexpectedly; it is resumed when its lease expires", orderId, e);
            return null;
        } finally {
            driving.remove(orderId);
        }
    }

    private SagaState driveOn(SagaSnapshot from, String owner) {
        SagaSnapshot saga = from;
        while (saga.next() != null) {
            SagaSnapshot after = advance(saga, owner);
            if (after == null) {
                return saga.state();
            }
            saga = after;
        }
        completions.ended(saga.orderId(), saga.state());
        return saga.state();
    }

    /**
     * Makes the next call and writes its outcome; null when the outcome was unknown (or unexpected,
     * below the bound) and the saga deferred. A parked saga comes back with no next step.
     */
    private SagaSnapshot advance(SagaSnapshot saga, String owner) {
        String id = saga.orderId();
        if (saga.pastDeadline(clock.instant())) {
            return transitions.timedOut(id, owner);
        }
        Step step = saga.next();
        try {
            return transitions.record(id, owner, step, OrderSaga.DEFINITION.call(step, participants, saga));
        } catch (UnexpectedParticipantResponseException e) {
            log.debug("Saga {} {} got an unexpected answer", id, step, e);
            return transitions.unexpected(id, owner, step, e.getMessage());
        } catch (ParticipantException e) {
            log.debug("Saga {} {} failed", id, step, e);
            transitions.deferred(id, owner, step, e.getMessage());
            return null;
        }
    }
}
