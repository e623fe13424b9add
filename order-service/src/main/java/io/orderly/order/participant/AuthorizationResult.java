package io.orderly.order.participant;

/** What payment said to PUT /payments/{orderId}. */
public sealed interface AuthorizationResult {

    /** The amount is held on the customer's account. */
    record Authorized() implements AuthorizationResult {}

    /** A business refusal: nothing is held. */
    record Refused(Refusal refusal, String detail) implements AuthorizationResult {}
}
