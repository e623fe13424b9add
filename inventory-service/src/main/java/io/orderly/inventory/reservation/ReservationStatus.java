package io.orderly.inventory.reservation;

/** The states of a stock reservation, as stored and as the participant API shows them. */
enum ReservationStatus {
    RESERVED,
    CONFIRMED,
    CANCELLED
}
