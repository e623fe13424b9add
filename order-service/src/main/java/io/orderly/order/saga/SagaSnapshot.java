package io.orderly.order.saga;

import io.orderly.order.orders.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What the engine needs to make the next call, read in the transaction that wrote the last outcome. */
record SagaSnapshot(
        String orderId,
        String customerId,
        List<Line> lines,
        BigDecimal total,
        String currency,
        SagaState state,
        Step next,
        Instant deadline,
        boolean trying,
        String traceParent) {

    static SagaSnapshot of(Saga saga) {
        Order order = saga.order();
        return new SagaSnapshot(
                saga.orderId(),
                order.customerId(),
                order.lines().stream().map(l -> new Line(l.sku(), l.quantity())).toList(),
                order.total(),
                order.currency(),
                saga.state(),
                saga.currentStep().orElse(null),
                saga.deadline(),
                saga.isTrying(),
                saga.traceParent());
    }

    boolean pastDeadline(Instant now) {
        return trying && now.isAfter(deadline);
    }

    /** One line of the order: a SKU and how many. */
    record Line(String sku, int quantity) {}
}
