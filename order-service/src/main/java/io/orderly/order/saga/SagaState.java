package io.orderly.order.saga;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a saga stands. The two try states can still fail (and be compensated); CONFIRMING only
 * moves forward; COMPENSATING only moves back; CONFIRMED and CANCELLED are final.
 */
public enum SagaState {
    RESERVING,
    AUTHORIZING,
    CONFIRMING,
    COMPENSATING,
    CONFIRMED,
    CANCELLED;

    static final Set<SagaState> ACTIVE = EnumSet.of(RESERVING, AUTHORIZING, CONFIRMING, COMPENSATING);

    public boolean isFinal() {
        return this == CONFIRMED || this == CANCELLED;
    }

    boolean isTrying() {
        return this == RESERVING || this == AUTHORIZING;
    }
}
