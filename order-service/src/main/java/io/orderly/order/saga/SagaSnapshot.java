package io.orderly.order.saga;

import io.orderly.order.participant.InventoryClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What the orchestrator needs to make the next call, read in the transaction that wrote the last outcome. */
record SagaSnapshot(
        String orderId,
        String customerId,
        List<InventoryClient.Item> items,
        BigDecimal total,
        String currency,
        SagaState state,
        Step next,
        Instant deadline) {

    static SagaSnapshot of(Saga saga) {
        var order = saga.order();
        return new SagaSnapshot(
                saga.orderId(),
                order.customerId(),
                order.lines().stream()
                        .map(l -> new InventoryClient.Item(l.sku(), l.quantity()))
                        .toList(),
                order.total(),
                order.currency(),
                saga.state(),
                saga.currentStep().orElse(null),
                saga.deadline());
    }

    boolean pastDeadline(Instant now) {
        return state.isTrying() && now.isAfter(deadline);
    }
}
