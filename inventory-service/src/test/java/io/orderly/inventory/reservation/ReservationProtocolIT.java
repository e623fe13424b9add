package io.orderly.inventory.reservation;

import static io.orderly.inventory.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.inventory.InventoryClient;
import io.orderly.inventory.InventoryClient.StockLevel;
import io.orderly.inventory.StandInAuthServer;
import io.orderly.testsupport.PostgresTestDatabase;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/** Every row of the inventory participant protocol (DESIGN section 5) on PostgreSQL, stock checked after each step. */
@SpringBootTest
@AutoConfigureMockMvc
@Import({PostgresTestDatabase.class, StandInAuthServer.class})
class ReservationProtocolIT {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    InventoryClient inventory;
    String lamp;
    String desk;
    String orderId = InventoryClient.uniqueOrderId();

    @BeforeEach
    void createProducts() {
        inventory = new InventoryClient(mvc, json);
        lamp = inventory.createProduct("lamp", "12.50", 10);
        desk = inventory.createProduct("desk", "99.99", 3);
    }

    private ReservationResponse body(MvcTestResult result) {
        return inventory.body(result, ReservationResponse.class);
    }

    private void assertStock(String sku, int onHand, int reserved) {
        assertThat(inventory.stockOf(sku)).isEqualTo(new StockLevel(onHand, reserved));
    }

    @Test
    void reserveHoldsTheStockAndAnswersLinesSortedBySkuWithTheirTotal() {
        MvcTestResult result = inventory.reserve(orderId, lamp, 2, desk, 1);

        assertThat(result).hasStatus(HttpStatus.CREATED).hasHeader("Location", "/reservations/" + orderId);
        ReservationResponse reservation = body(result);
        assertThat(reservation.orderId()).isEqualTo(orderId);
        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(reservation.lines())
                .containsExactly(
                        new ReservationResponse.Line(desk, 1, new BigDecimal("99.99")),
                        new ReservationResponse.Line(lamp, 2, new BigDecimal("12.50")));
        assertThat(reservation.total()).isEqualTo(new BigDecimal("124.99"));
        assertThat(result).bodyText().contains("\"total\":124.99", "\"unitPrice\":12.50");
        assertStock(lamp, 10, 2);
        assertStock(desk, 3, 1);
    }

    @Test
    void aRepeatedReserveWithTheSameItemsInAnyOrderAnswersTheCurrentStateAndReservesNothingMore() {
        ReservationResponse first = body(inventory.reserve(orderId, lamp, 2, desk, 1));

        MvcTestResult repeat = inventory.reserve(orderId, desk, 1, lamp, 2);

        assertThat(repeat).hasStatusOk();
        assertThat(body(repeat)).isEqualTo(first);
        assertStock(lamp, 10, 2);
        assertStock(desk, 3, 1);
    }

    @Test
    void aRepeatedReserveWithOtherItemsIsAMismatch() {
        inventory.reserve(orderId, lamp, 2, desk, 1);

        assertProblem(inventory.reserve(orderId, lamp, 3, desk, 1), 422, "reservation-mismatch");
        assertProblem(inventory.reserve(orderId, lamp, 2), 422, "reservation-mismatch");
        assertStock(lamp, 10, 2);
        assertStock(desk, 3, 1);
    }

    @Test
    void insufficientStockOnOneLineReservesNothingAtAll() {
        assertProblem(inventory.reserve(orderId, lamp, 2, desk, 4), 409, "insufficient-stock");

        assertStock(lamp, 10, 0);
        assertStock(desk, 3, 0);
        assertProblem(inventory.get(orderId), 404, "reservation-not-found");
    }

    @Test
    void anAlreadyReservedUnitIsNotAvailableToAnotherOrder() {
        assertThat(inventory.reserve(orderId, desk, 2)).hasStatus(HttpStatus.CREATED);

        assertProblem(inventory.reserve(InventoryClient.uniqueOrderId(), desk, 2), 409, "insufficient-stock");
        assertStock(desk, 3, 2);
    }

    @Test
    void anUnknownProductOnOneLineReservesNothingAtAll() {
        assertProblem(inventory.reserve(orderId, lamp, 2, "NO-SUCH-SKU", 1), 404, "unknown-product");

        assertStock(lamp, 10, 0);
        assertProblem(inventory.get(orderId), 404, "reservation-not-found");
    }

    @Test
    void cancelBeforeReserveLeavesATombstoneAndRefusesTheLateReserve() {
        MvcTestResult cancel = inventory.cancel(orderId);

        assertThat(cancel).hasStatusOk();
        assertThat(body(cancel))
                .isEqualTo(new ReservationResponse(
                        orderId, ReservationStatus.CANCELLED, List.of(), new BigDecimal("0.00")));
        assertThat(cancel).bodyText().contains("\"total\":0.00");

        assertProblem(inventory.reserve(orderId, lamp, 2), 409, "reservation-cancelled");
        assertStock(lamp, 10, 0);
        assertThat(body(inventory.get(orderId)).status()).isEqualTo(ReservationStatus.CANCELLED);
    }

    @Test
    void confirmShipsTheReservedStockOnceAndThenRefusesACancel() {
        inventory.reserve(orderId, lamp, 2, desk, 1);

        MvcTestResult confirm = inventory.confirm(orderId);
        assertThat(confirm).hasStatusOk();
        assertThat(body(confirm).status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertStock(lamp, 8, 0);
        assertStock(desk, 2, 0);

        MvcTestResult again = inventory.confirm(orderId);
        assertThat(again).hasStatusOk();
        assertThat(body(again).status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertStock(lamp, 8, 0);
        assertStock(desk, 2, 0);

        assertProblem(inventory.cancel(orderId), 409, "reservation-confirmed");
        assertStock(lamp, 8, 0);
        assertStock(desk, 2, 0);

        MvcTestResult repeatedReserve = inventory.reserve(orderId, lamp, 2, desk, 1);
        assertThat(repeatedReserve).hasStatusOk();
        assertThat(body(repeatedReserve).status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertStock(lamp, 8, 0);
        assertStock(desk, 2, 0);
    }

    @Test
    void confirmOfAnUnknownOrderIsNotFound() {
        assertProblem(inventory.confirm(orderId), 404, "reservation-not-found");

        assertProblem(inventory.get(orderId), 404, "reservation-not-found");
    }

    @Test
    void confirmAfterACancelIsRefused() {
        inventory.reserve(orderId, lamp, 2);
        inventory.cancel(orderId);

        assertProblem(inventory.confirm(orderId), 409, "reservation-cancelled");
        assertStock(lamp, 10, 0);
    }

    @Test
    void cancelReleasesTheReservedStockOnceAndRefusesTheRepeatedReserve() {
        inventory.reserve(orderId, lamp, 2, desk, 1);

        MvcTestResult cancel = inventory.cancel(orderId);
        assertThat(cancel).hasStatusOk();
        assertThat(body(cancel).status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(body(cancel).lines()).hasSize(2);
        assertStock(lamp, 10, 0);
        assertStock(desk, 3, 0);

        MvcTestResult again = inventory.cancel(orderId);
        assertThat(again).hasStatusOk();
        assertThat(body(again).status()).isEqualTo(ReservationStatus.CANCELLED);
        assertStock(lamp, 10, 0);
        assertStock(desk, 3, 0);

        assertProblem(inventory.reserve(orderId, lamp, 2, desk, 1), 409, "reservation-cancelled");
        assertStock(lamp, 10, 0);
        assertStock(desk, 3, 0);
    }

    @Test
    void getAnswersTheCurrentStateOrNotFound() {
        assertProblem(inventory.get(orderId), 404, "reservation-not-found");

        ReservationResponse reserved = body(inventory.reserve(orderId, lamp, 1));
        MvcTestResult get = inventory.get(orderId);
        assertThat(get).hasStatusOk();
        assertThat(body(get)).isEqualTo(reserved);

        inventory.confirm(orderId);
        assertThat(body(inventory.get(orderId)).status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertStock(lamp, 9, 0);
    }

    @Test
    void restockAddsToOnHandAndTheProductApiShowsAvailability() {
        inventory.reserve(orderId, desk, 3);
        assertProblem(inventory.reserve(InventoryClient.uniqueOrderId(), desk, 1), 409, "insufficient-stock");

        assertThat(mvc.post()
                        .uri("/api/products/{sku}/restock", desk)
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType("application/json")
                        .content("{\"quantity\":5}"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.available")
                .isEqualTo(5);

        assertStock(desk, 8, 3);
        assertThat(inventory.reserve(InventoryClient.uniqueOrderId(), desk, 5)).hasStatus(HttpStatus.CREATED);
        assertStock(desk, 8, 8);
    }
}
