package io.orderly.order.participant;

/** Why a participant refused a try: a business answer (nothing was held), not a failure. */
public enum Refusal {
    INSUFFICIENT_STOCK,
    UNKNOWN_PRODUCT,
    INSUFFICIENT_FUNDS,
    UNKNOWN_CUSTOMER,
    /** A cancel for this order id came first (anti-suspension); only the saga's own compensation cancels. */
    ALREADY_CANCELLED
}
