package io.orderly.order.orders;

/** Where an order stands: PENDING while its saga runs, then CONFIRMED or CANCELLED for good. */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    CANCELLED
}
