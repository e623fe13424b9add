package io.orderly.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Object mother for order answers as the API shows them. */
final class Orders {

    static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");

    /** A last error as the participant clients write it, with the participant's free-text detail. */
    static final String UNAVAILABLE = "inventory reserve answered 503 service-unavailable: Starting up on 10.0.0.7";

    private Orders() {}

    static OrderResponse aConfirmedOrder(String id) {
        return new OrderResponse(
                id,
                "c-1",
                List.of(new OrderResponse.Item("SKU-1", 2, new BigDecimal("2.50"))),
                new BigDecimal("5.00"),
                "EUR",
                OrderStatus.CONFIRMED,
                null,
                CREATED,
                CREATED.plusMillis(40),
                new SagaView(
                        "CONFIRMED",
                        List.of(new SagaView.StepView("RESERVE_STOCK", "SUCCEEDED", 1, null, CREATED.plusMillis(10)))));
    }

    static OrderResponse aPendingOrder(String id) {
        return new OrderResponse(
                id,
                "c-1",
                List.of(new OrderResponse.Item("SKU-1", 2, null)),
                null,
                "EUR",
                OrderStatus.PENDING,
                null,
                CREATED,
                CREATED,
                new SagaView(
                        "RESERVING",
                        List.of(new SagaView.StepView("RESERVE_STOCK", "RETRYING", 1, UNAVAILABLE, CREATED))));
    }

    static OrderResponse aCancelledOrder(String id) {
        return new OrderResponse(
                id,
                "c-1",
                List.of(new OrderResponse.Item("SKU-1", 2, null)),
                null,
                "EUR",
                OrderStatus.CANCELLED,
                FailureReason.INSUFFICIENT_STOCK,
                CREATED,
                CREATED,
                new SagaView("CANCELLED", List.of()));
    }
}
