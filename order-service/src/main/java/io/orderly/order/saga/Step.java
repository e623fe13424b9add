package io.orderly.order.saga;

/** The calls a saga makes, in the order it makes them. */
enum Step {
    RESERVE_STOCK,
    AUTHORIZE_PAYMENT,
    CONFIRM_STOCK,
    CAPTURE_PAYMENT,
    CANCEL_PAYMENT,
    CANCEL_RESERVATION
}
