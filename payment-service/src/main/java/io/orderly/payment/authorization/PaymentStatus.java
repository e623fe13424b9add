package io.orderly.payment.authorization;

/** Where a payment stands in Try-Confirm-Cancel: held, paid out, or released (or refused in advance). */
enum PaymentStatus {
    AUTHORIZED,
    CAPTURED,
    CANCELLED
}
