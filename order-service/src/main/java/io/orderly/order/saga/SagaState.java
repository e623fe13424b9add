package io.orderly.order.saga;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a saga stands. RESERVING and AUTHORIZING are the states of the saga definition's try steps
 * ({@link OrderSaga}), which can still fail and be compensated; CONFIRMING only moves forward;
 * COMPENSATING only moves back; CONFIRMED and CANCELLED are final.
 */
enum SagaState {
    RESERVING,
    AUTHORIZING,
    CONFIRMING,
    COMPENSATING,
    CONFIRMED,
    CANCELLED;

    /** Not ended yet. */
    static final Set<SagaState> ACTIVE = EnumSet.complementOf(EnumSet.of(CONFIRMED, CANCELLED));

    public boolean isFinal() {
        return this == CONFIRMED || this == CANCELLED;
    }
}
