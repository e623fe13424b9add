package io.orderly.order.participant;

import io.orderly.order.order.FailureReason;

/** What payment said to PUT /payments/{orderId}. */
public sealed interface AuthorizationResult {

    /** The amount is held on the customer's account. */
    record Authorized() implements AuthorizationResult {}

    /** A business refusal: nothing is held. */
    record Refused(FailureReason reason, String detail) implements AuthorizationResult {}
}
