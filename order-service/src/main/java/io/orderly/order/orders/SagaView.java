package io.orderly.order.orders;

import java.time.Instant;
import java.util.List;

/** What the API shows of an order's saga: its state and its steps, by name. */
public record SagaView(String state, List<StepView> steps) {

    /** One step as the API shows it. */
    public record StepView(String step, String status, int attempts, String lastError, Instant at) {}
}
