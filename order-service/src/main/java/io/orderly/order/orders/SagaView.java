package io.orderly.order.orders;

import java.time.Instant;
import java.util.List;

/** What the API shows of an order's saga: its state, its steps by name, and the admin actions on it. */
public record SagaView(String state, List<StepView> steps, List<AuditView> audit) {

    /** A saga with no admin action yet. */
    public SagaView(String state, List<StepView> steps) {
        this(state, steps, List.of());
    }

    /** One admin action: what ({@code RETRY}, {@code COMPENSATE}), by whom, when. */
    public record AuditView(String action, String by, Instant at) {}

    /** One step as the API shows it. */
    public record StepView(String step, String status, int attempts, String lastError, Instant at) {}
}
