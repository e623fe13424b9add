package io.orderly.order.saga;

import static io.orderly.order.saga.SagaState.AUTHORIZING;
import static io.orderly.order.saga.SagaState.RESERVING;
import static io.orderly.order.saga.Step.AUTHORIZE_PAYMENT;
import static io.orderly.order.saga.Step.CANCEL_PAYMENT;
import static io.orderly.order.saga.Step.CANCEL_RESERVATION;
import static io.orderly.order.saga.Step.CAPTURE_PAYMENT;
import static io.orderly.order.saga.Step.CONFIRM_STOCK;
import static io.orderly.order.saga.Step.RESERVE_STOCK;

import io.orderly.order.orders.FailureReason;
import io.orderly.order.participant.AuthorizationResult;
import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.Refusal;
import io.orderly.order.participant.ReservationResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The order saga, declared in one place as FTGO's CreateOrderSaga is: each step, the participant
 * call it makes and its compensation, then the steps past the point of no return. Adding a step is
 * one entry here and one client method (and its name in {@link Step} and in the schema's CHECK).
 */
final class OrderSaga {

    static final SagaDefinition DEFINITION = SagaDefinition.builder()
            .tryStep(RESERVE_STOCK, RESERVING, OrderSaga::reserveStock)
            .compensatedBy(CANCEL_RESERVATION, (p, saga) -> p.inventory().cancel(saga.orderId()))
            .tryStep(AUTHORIZE_PAYMENT, AUTHORIZING, OrderSaga::authorizePayment)
            .compensatedBy(CANCEL_PAYMENT, (p, saga) -> p.payment().cancel(saga.orderId()))
            // The point of no return: stock and money are held, so these only move forward.
            .forward(CONFIRM_STOCK, (p, saga) -> p.inventory().confirm(saga.orderId()))
            .forward(CAPTURE_PAYMENT, (p, saga) -> p.payment().capture(saga.orderId()))
            .build();

    private OrderSaga() {}

    /** Reserves the lines; inventory's answer prices the order. */
    private static StepOutcome reserveStock(Participants participants, SagaSnapshot saga) {
        List<InventoryClient.Item> items = saga.lines().stream()
                .map(line -> new InventoryClient.Item(line.sku(), line.quantity()))
                .toList();
        return switch (participants.inventory().reserve(saga.orderId(), items)) {
            case ReservationResult.Reserved reserved -> {
                var prices = reserved.lines().stream()
                        .collect(Collectors.toMap(
                                ReservationResult.PricedLine::sku, ReservationResult.PricedLine::unitPrice));
                yield StepOutcome.succeeded(
                        (order, now) -> order.price(prices, reserved.total(), now), ", total " + reserved.total());
            }
            case ReservationResult.Refused refused ->
                StepOutcome.refused(reasonFor(refused.refusal()), refused.detail());
        };
    }

    private static StepOutcome authorizePayment(Participants participants, SagaSnapshot saga) {
        return switch (participants
                .payment()
                .authorize(saga.orderId(), saga.customerId(), saga.total(), saga.currency())) {
            case AuthorizationResult.Authorized authorized -> StepOutcome.succeeded();
            case AuthorizationResult.Refused refused ->
                StepOutcome.refused(reasonFor(refused.refusal()), refused.detail());
        };
    }

    /** Why the order is cancelled when a participant refuses. */
    static FailureReason reasonFor(Refusal refusal) {
        return switch (refusal) {
            case INSUFFICIENT_STOCK -> FailureReason.INSUFFICIENT_STOCK;
            case UNKNOWN_PRODUCT -> FailureReason.UNKNOWN_PRODUCT;
            case INSUFFICIENT_FUNDS -> FailureReason.INSUFFICIENT_FUNDS;
            case UNKNOWN_CUSTOMER -> FailureReason.UNKNOWN_CUSTOMER;
            // Only the saga's own compensation cancels: it gave up on this order already (deadline).
            case ALREADY_CANCELLED -> FailureReason.TIMED_OUT;
        };
    }
}
