package io.orderly.order.saga;

import io.orderly.order.orders.FailureReason;
import io.orderly.order.orders.Order;
import java.time.Instant;

/** What a step's participant call came to: it succeeded (perhaps with something to write on the order), or was refused. */
sealed interface StepOutcome {

    static StepOutcome succeeded() {
        return new Succeeded((order, now) -> {}, "");
    }

    /** Succeeded; {@code update} is applied to the order in the transaction that records the step. */
    static StepOutcome succeeded(OrderUpdate update, String note) {
        return new Succeeded(update, note);
    }

    static StepOutcome refused(FailureReason reason, String detail) {
        return new Refused(reason, detail);
    }

    record Succeeded(OrderUpdate update, String note) implements StepOutcome {}

    /** A business refusal of a try step: the saga compensates. */
    record Refused(FailureReason reason, String detail) implements StepOutcome {}

    /** A change to the order that a step's answer brings (inventory's prices). */
    @FunctionalInterface
    interface OrderUpdate {
        void apply(Order order, Instant now);
    }
}
