package io.orderly.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order aggregate as a state machine, without Spring or a database. */
class OrderTest {

    private static final Instant PLACED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant LATER = PLACED.plusSeconds(1);
    private static final Map<String, BigDecimal> PRICES =
            Map.of("SKU-1", new BigDecimal("2.50"), "SKU-2", new BigDecimal("5.00"));

    static Order aPendingOrder() {
        return Order.place("order-1", "c-1", List.of(new OrderLine("SKU-2", 1), new OrderLine("SKU-1", 2)), PLACED);
    }

    @Test
    void aPlacedOrderIsPendingUnpricedInEurosAndNewUntilStored() {
        Order order = aPendingOrder();

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.failureReason()).isNull();
        assertThat(order.total()).isNull();
        assertThat(order.currency()).isEqualTo("EUR");
        assertThat(order.createdAt()).isEqualTo(PLACED).isEqualTo(order.updatedAt());
        assertThat(order.lines()).extracting(OrderLine::sku).containsExactly("SKU-1", "SKU-2");
        assertThat(order.lines()).extracting(OrderLine::unitPrice).containsOnlyNulls();
        assertThat(order.isNew()).isTrue();
        assertThat(order.getId()).isEqualTo("order-1");

        order.markStored();

        assertThat(order.isNew()).as("saved again, it is merged, not inserted").isFalse();
    }

    @Test
    void pricingTakesInventorysUnitPricesAndTotal() {
        Order order = aPendingOrder();

        order.price(PRICES, new BigDecimal("10.00"), LATER);

        assertThat(order.lines())
                .extracting(OrderLine::unitPrice)
                .containsExactly(PRICES.get("SKU-1"), PRICES.get("SKU-2"));
        assertThat(order.total()).isEqualByComparingTo("10.00");
        assertThat(order.updatedAt()).isEqualTo(LATER);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void pricingWithoutAPriceForEveryLineIsRefused() {
        Order order = aPendingOrder();

        assertThatThrownBy(() -> order.price(Map.of("SKU-1", BigDecimal.ONE), BigDecimal.ONE, LATER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SKU-2");
    }

    @Test
    void aConfirmedOrderIsConfirmedForGood() {
        Order order = aPendingOrder();

        order.confirm(LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.failureReason()).isNull();
        assertThat(order.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void aCancelledOrderKeepsItsReason() {
        Order order = aPendingOrder();

        order.cancel(FailureReason.INSUFFICIENT_FUNDS, LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.failureReason()).isEqualTo(FailureReason.INSUFFICIENT_FUNDS);
    }

    static Stream<Arguments> illegalTransitions() {
        Consumer<Order> confirmed = order -> order.confirm(LATER);
        Consumer<Order> cancelled = order -> order.cancel(FailureReason.TIMED_OUT, LATER);
        Consumer<Order> price = order -> order.price(PRICES, BigDecimal.TEN, LATER);
        Consumer<Order> confirm = order -> order.confirm(LATER);
        Consumer<Order> cancel = order -> order.cancel(FailureReason.INSUFFICIENT_STOCK, LATER);
        return Stream.of(
                Arguments.of("CONFIRMED", confirmed, "be priced", price),
                Arguments.of("CONFIRMED", confirmed, "be confirmed", confirm),
                Arguments.of("CONFIRMED", confirmed, "be cancelled", cancel),
                Arguments.of("CANCELLED", cancelled, "be priced", price),
                Arguments.of("CANCELLED", cancelled, "be confirmed", confirm),
                Arguments.of("CANCELLED", cancelled, "be cancelled", cancel));
    }

    @ParameterizedTest(name = "a {0} order cannot {2}")
    @MethodSource("illegalTransitions")
    void anEndedOrderRefusesEveryTransition(
            String status, Consumer<Order> end, String action, Consumer<Order> transition) {
        Order order = aPendingOrder();
        end.accept(order);

        assertThatThrownBy(() -> transition.accept(order))
                .isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessage("Order order-1 is " + status + " and cannot " + action);
        assertThat(order.status().name()).isEqualTo(status);
    }
}
