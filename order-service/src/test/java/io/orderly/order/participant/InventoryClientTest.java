package io.orderly.order.participant;

import static io.orderly.order.participant.ParticipantTestSupport.calls;
import static io.orderly.order.participant.ParticipantTestSupport.json;
import static io.orderly.order.participant.ParticipantTestSupport.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.client.ExpectedCount.times;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.content;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withServerError;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

/** Every answer of inventory's participant API, as the inventory client reads it; no Spring context. */
class InventoryClientTest {

    private static final List<InventoryClient.Item> ITEMS =
            List.of(new InventoryClient.Item("SKU-1", 2), new InventoryClient.Item("SKU-2", 1));
    private static final String RESERVATION = "http://inventory-service/reservations/order-1";

    private final ServiceTokenCheck tokens = new ServiceTokenCheck("inventory.reservations");
    private final RestClient.Builder builder = tokens.builder("http://inventory-service");
    private final MockRestServiceServer server =
            MockRestServiceServer.bindTo(builder).build();
    private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("inventory");
    private final InventoryClient inventory = new InventoryClient(builder.build(), calls("inventory", breaker));

    @AfterEach
    void everyRequestCarriedAValidServiceTokenWithTheScope() {
        assertThat(tokens.refused()).isEmpty();
    }

    @Test
    void aReservationCarriesInventorysPrices() {
        server.expect(requestTo(RESERVATION))
                .andExpect(method(HttpMethod.PUT))
                .andExpect(content().json(ParticipantTestSupport.JSON.writeValueAsString(Map.of("items", ITEMS))))
                .andRespond(json(HttpStatus.CREATED, reserved(line("SKU-1", 2, "2.50"), line("SKU-2", 1, "5.00"))));

        var result = inventory.reserve("order-1", ITEMS);

        assertThat(result)
                .isEqualTo(new ReservationResult.Reserved(
                        List.of(
                                new ReservationResult.PricedLine("SKU-1", 2, new BigDecimal("2.50")),
                                new ReservationResult.PricedLine("SKU-2", 1, new BigDecimal("5.00"))),
                        new BigDecimal("10.00")));
        server.verify();
        assertThat(tokens.accepted()).containsExactly("PUT /reservations/order-1");
    }

    @Test
    void aReservationWithoutAPriceForEverySkuIsUnexpectedAndNotRetried() {
        server.expect(times(1), requestTo(RESERVATION))
                .andRespond(json(HttpStatus.CREATED, reserved(line("SKU-1", 2, "2.50"))));

        assertThatThrownBy(() -> inventory.reserve("order-1", ITEMS))
                .isInstanceOf(UnexpectedParticipantResponseException.class)
                .hasMessage("inventory reserve answered without a price for every SKU");
        server.verify();
    }

    @Test
    void aReservationWithoutLinesAndTotalIsUnexpected() {
        server.expect(requestTo(RESERVATION))
                .andRespond(json(HttpStatus.OK, Map.of("orderId", "order-1", "status", "RESERVED")));

        assertThatThrownBy(() -> inventory.reserve("order-1", ITEMS))
                .isInstanceOf(UnexpectedParticipantResponseException.class)
                .hasMessage("inventory reserve answered 200 without lines and total");
    }

    @Test
    void insufficientStockAndAnUnknownProductAreRefusals() {
        server.expect(requestTo(RESERVATION))
                .andRespond(problem(HttpStatus.CONFLICT, "insufficient-stock", "Only 1 of SKU-1"));
        server.expect(requestTo(RESERVATION)).andRespond(problem(HttpStatus.NOT_FOUND, "unknown-product", "No SKU-2"));

        assertThat(inventory.reserve("order-1", ITEMS))
                .isEqualTo(new ReservationResult.Refused(Refusal.INSUFFICIENT_STOCK, "Only 1 of SKU-1"));
        assertThat(inventory.reserve("order-1", ITEMS))
                .isEqualTo(new ReservationResult.Refused(Refusal.UNKNOWN_PRODUCT, "No SKU-2"));
    }

    @Test
    void aReservationCancelledFirstIsRefusedAsAlreadyCancelled() {
        server.expect(requestTo(RESERVATION))
                .andRespond(problem(HttpStatus.CONFLICT, "reservation-cancelled", "Cancelled before"));

        assertThat(inventory.reserve("order-1", ITEMS))
                .as("the saga cancels the order as TIMED_OUT (OrderSaga.reasonFor)")
                .isEqualTo(new ReservationResult.Refused(Refusal.ALREADY_CANCELLED, "Cancelled before"));
    }

    @Test
    void a5xxIsRetriedInTheCallThenAnUnknownOutcome() {
        server.expect(times(3), requestTo(RESERVATION)).andRespond(withServerError());

        assertThatThrownBy(() -> inventory.reserve("order-1", ITEMS))
                .isInstanceOf(ParticipantUnavailableException.class)
                .hasMessageStartingWith("inventory reserve answered 500");
        server.verify();
    }

    @Test
    void aMismatchIsUnexpectedAndNotRetried() {
        server.expect(times(1), requestTo(RESERVATION))
                .andRespond(problem(HttpStatus.UNPROCESSABLE_CONTENT, "reservation-mismatch", "Other items"));

        assertThatThrownBy(() -> inventory.reserve("order-1", ITEMS))
                .isInstanceOf(UnexpectedParticipantResponseException.class)
                .hasMessage("inventory reserve answered 422 reservation-mismatch: Other items");
        server.verify();
    }

    @Test
    void anOpenBreakerFailsAtOnceWithoutACall() {
        breaker.transitionToOpenState();

        assertThatThrownBy(() -> inventory.reserve("order-1", ITEMS))
                .isInstanceOf(ParticipantUnavailableException.class)
                .hasMessage("inventory reserve: circuit breaker open");
        assertThatThrownBy(() -> inventory.cancel("order-1"))
                .isInstanceOf(ParticipantUnavailableException.class)
                .hasMessage("inventory cancel: circuit breaker open");
        server.verify();
    }

    @Test
    void confirmAndCancelPostToTheReservation() {
        server.expect(requestTo(RESERVATION + "/confirm"))
                .andExpect(method(HttpMethod.POST))
                .andRespond(withSuccess());
        server.expect(requestTo(RESERVATION + "/cancel"))
                .andExpect(method(HttpMethod.POST))
                .andRespond(withSuccess());

        inventory.confirm("order-1");
        inventory.cancel("order-1");

        server.verify();
    }

    @Test
    void aConfirmAfterACancelIsUnexpected() {
        server.expect(requestTo(RESERVATION + "/confirm"))
                .andRespond(problem(HttpStatus.CONFLICT, "reservation-cancelled", "Cancelled"));

        assertThatThrownBy(() -> inventory.confirm("order-1"))
                .isInstanceOf(UnexpectedParticipantResponseException.class)
                .hasMessage("inventory confirm answered 409 reservation-cancelled: Cancelled");
    }

    /** Inventory's answer to a reservation: the lines with their prices, and a total of 10.00. */
    @SafeVarargs
    private static Map<String, Object> reserved(Map<String, Object>... lines) {
        return Map.of(
                "orderId", "order-1", "status", "RESERVED", "lines", List.of(lines), "total", new BigDecimal("10.00"));
    }

    private static Map<String, Object> line(String sku, int quantity, String unitPrice) {
        return Map.of("sku", sku, "quantity", quantity, "unitPrice", new BigDecimal(unitPrice));
    }
}
