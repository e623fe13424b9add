package io.orderly.order.orders;

import io.orderly.security.Caller;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order as the API shows it, with its saga. Prices are null until inventory has priced the lines. */
record OrderResponse(
        String id,
        String customerId,
        List<Item> items,
        BigDecimal total,
        String currency,
        OrderStatus status,
        FailureReason failureReason,
        Instant createdAt,
        Instant updatedAt,
        SagaView saga) {

    static OrderResponse of(Order order, SagaView saga) {
        return new OrderResponse(
                order.id(),
                order.customerId(),
                order.lines().stream()
                        .map(l -> new Item(l.sku(), l.quantity(), l.unitPrice()))
                        .toList(),
                order.total(),
                order.currency(),
                order.status(),
                order.failureReason(),
                order.createdAt(),
                order.updatedAt(),
                saga);
    }

    /** The order as the given caller may see it: a customer sees its saga's errors without their detail. */
    OrderResponse seenBy(Caller caller) {
        if (caller.admin() || saga == null) {
            return this;
        }
        return new OrderResponse(
                id,
                customerId,
                items,
                total,
                currency,
                status,
                failureReason,
                createdAt,
                updatedAt,
                saga.forCustomer());
    }

    /** One line of the order. */
    record Item(String sku, int quantity, BigDecimal unitPrice) {}
}
