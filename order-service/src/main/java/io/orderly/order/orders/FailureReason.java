package io.orderly.order.orders;

/** Why an order was cancelled. */
public enum FailureReason {
    INSUFFICIENT_STOCK,
    UNKNOWN_PRODUCT,
    INSUFFICIENT_FUNDS,
    UNKNOWN_CUSTOMER,
    TIMED_OUT,
    /** A participant kept answering what the protocol does not expect for a try step. */
    PARTICIPANT_ERROR
}
