package io.orderly.order.saga;

import io.orderly.order.participant.AuthorizationResult;
import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.ParticipantException;
import io.orderly.order.participant.PaymentClient;
import io.orderly.order.participant.ReservationResult;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Drives one saga as far as it can go now: RESERVE_STOCK -> AUTHORIZE_PAYMENT -> CONFIRM_STOCK +
 * CAPTURE_PAYMENT, or on a refusal or past the deadline CANCEL_PAYMENT -> CANCEL_RESERVATION. Each
 * outcome is written before the next call; an unknown outcome defers the saga to the recovery worker.
 */
@Component
class SagaOrchestrator {

    private static final Logger log = LoggerFactory.getLogger(SagaOrchestrator.class);

    private final SagaTransitions transitions;
    private final InventoryClient inventory;
    private final PaymentClient payment;
    private final SagaCompletions completions;
    private final Clock clock;
    private final Set<String> driving = ConcurrentHashMap.newKeySet();

    SagaOrchestrator(
            SagaTransitions transitions,
            InventoryClient inventory,
            PaymentClient payment,
            SagaCompletions completions,
            Clock clock) {
        this.transitions = transitions;
        this.inventory = inventory;
        this.payment = payment;
        this.completions = completions;
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
            while (saga.next() != null) {
                SagaSnapshot after = advance(saga, owner);
                if (after == null) {
                    return saga.state();
                }
                saga = after;
            }
            completions.ended(orderId, saga.state());
            return saga.state();
        } catch (LeaseLostException | OptimisticLockingFailureException e) {
            log.info("Saga {} is driven by another instance now: {}", orderId, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            log.error("Saga {} stopped unexpectedly; it is resumed when its lease expires", orderId, e);
            return null;
        } finally {
            driving.remove(orderId);
        }
    }

    /** Makes the next call and writes its outcome; null when the outcome was unknown and the saga deferred. */
    private SagaSnapshot advance(SagaSnapshot saga, String owner) {
        String id = saga.orderId();
        if (saga.pastDeadline(clock.instant())) {
            return transitions.timedOut(id, owner);
        }
        Step step = saga.next();
        try {
            return switch (step) {
                case RESERVE_STOCK ->
                    switch (inventory.reserve(id, saga.items())) {
                        case ReservationResult.Reserved reserved -> transitions.stockReserved(id, owner, reserved);
                        case ReservationResult.Refused refused ->
                            transitions.refused(id, owner, step, refused.reason(), refused.detail());
                    };
                case AUTHORIZE_PAYMENT ->
                    switch (payment.authorize(id, saga.customerId(), saga.total(), saga.currency())) {
                        case AuthorizationResult.Authorized authorized -> transitions.paymentAuthorized(id, owner);
                        case AuthorizationResult.Refused refused ->
                            transitions.refused(id, owner, step, refused.reason(), refused.detail());
                    };
                case CONFIRM_STOCK -> {
                    inventory.confirm(id);
                    yield transitions.stepSucceeded(id, owner, step);
                }
                case CAPTURE_PAYMENT -> {
                    payment.capture(id);
                    yield transitions.stepSucceeded(id, owner, step);
                }
                case CANCEL_PAYMENT -> {
                    payment.cancel(id);
                    yield transitions.stepSucceeded(id, owner, step);
                }
                case CANCEL_RESERVATION -> {
                    inventory.cancel(id);
                    yield transitions.stepSucceeded(id, owner, step);
                }
            };
        } catch (ParticipantException e) {
            log.debug("Saga {} {} failed", id, step, e);
            transitions.deferred(id, owner, step, e.getMessage());
            return null;
        }
    }
}
