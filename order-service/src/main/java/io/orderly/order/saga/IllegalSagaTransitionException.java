package io.orderly.order.saga;

/** A saga was told an outcome that its current state cannot take. */
class IllegalSagaTransitionException extends IllegalStateException {

    IllegalSagaTransitionException(String orderId, SagaState state, String what) {
        super("Saga " + orderId + " in state " + state + " cannot take: " + what);
    }
}
