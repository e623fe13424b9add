package io.orderly.order.saga;

import java.time.Instant;
import java.util.List;

/** What the API shows of a saga: its state and its steps. */
public record SagaView(SagaState state, List<StepView> steps) {

    public static SagaView of(Saga saga) {
        return new SagaView(
                saga.state(),
                saga.steps().stream()
                        .map(s -> new StepView(s.step(), s.status(), s.attempts(), s.lastError(), s.at()))
                        .toList());
    }

    /** One step as the API shows it. */
    public record StepView(Step step, StepStatus status, int attempts, String lastError, Instant at) {}
}
