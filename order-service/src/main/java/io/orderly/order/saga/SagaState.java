package io.orderly.order.saga;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a saga stands. RESERVING and AUTHORIZING are the states of the saga definition's try steps
 * ({@link OrderSaga}), which can still fail and be compensated; CONFIRMING only moves forward;
 * COMPENSATING only moves back; CONFIRMED and CANCELLED are final. NEEDS_ATTENTION is a saga
 * parked past the point of no return or in a compensation after too many unexpected answers: no
 * worker drives it until an admin retries it.
 */
enum SagaState {
    RESERVING,
    AUTHORIZING,
    CONFIRMING,
    COMPENSATING,
    CONFIRMED,
    CANCELLED,
    NEEDS_ATTENTION;

    /** Not ended yet and driven by the engine: what the recovery worker claims (a parked saga is not). */
    static final Set<SagaState> ACTIVE = EnumSet.complementOf(EnumSet.of(CONFIRMED, CANCELLED, NEEDS_ATTENTION));

    public boolean isFinal() {
        return this == CONFIRMED || this == CANCELLED;
    }
}
