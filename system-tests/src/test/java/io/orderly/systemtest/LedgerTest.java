package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The invariant checker's rule for cancelled orders, on answers built here (no services). */
class LedgerTest {

    private static final Api.Response ABSENT =
            new Api.Response(404, Map.of(), Api.JSON.writeValueAsString(Map.of("status", 404)));
    private static final Api.Response CANCELLED = row("CANCELLED");

    @Test
    void aStockRefusalWithItsTombstoneAndNoPaymentPasses() {
        JsonNode order = cancelled("RESERVE_STOCK", "CANCEL_RESERVATION");
        assertThat(Ledger.cancelledViolations(order, CANCELLED, ABSENT)).isEmpty();
    }

    @Test
    void aPaymentRefusalWithBothTombstonesPasses() {
        JsonNode order = cancelled("RESERVE_STOCK", "AUTHORIZE_PAYMENT", "CANCEL_PAYMENT", "CANCEL_RESERVATION");
        assertThat(Ledger.cancelledViolations(order, CANCELLED, CANCELLED)).isEmpty();
    }

    @Test
    void aMissingReservationMeansTheCompensationWasSkipped() {
        JsonNode order = cancelled("RESERVE_STOCK", "CANCEL_RESERVATION");
        assertThat(Ledger.cancelledViolations(order, ABSENT, ABSENT))
                .singleElement()
                .asString()
                .contains("has reservation 404");
    }

    @Test
    void aReservationStillHeldOrConfirmedIsAViolation() {
        JsonNode order = cancelled("RESERVE_STOCK", "CANCEL_RESERVATION");
        assertThat(Ledger.cancelledViolations(order, row("RESERVED"), ABSENT)).hasSize(1);
        assertThat(Ledger.cancelledViolations(order, row("CONFIRMED"), ABSENT)).hasSize(1);
    }

    @Test
    void aMissingPaymentAfterAnAuthorizationWasBegunIsAViolation() {
        JsonNode order = cancelled("RESERVE_STOCK", "AUTHORIZE_PAYMENT", "CANCEL_PAYMENT", "CANCEL_RESERVATION");
        assertThat(Ledger.cancelledViolations(order, CANCELLED, ABSENT))
                .singleElement()
                .asString()
                .contains("has payment 404");
        assertThat(Ledger.cancelledViolations(order, CANCELLED, row("AUTHORIZED")))
                .hasSize(1);
    }

    @Test
    void aPaymentForAnOrderThatNeverAuthorizedIsAViolation() {
        JsonNode order = cancelled("RESERVE_STOCK", "CANCEL_RESERVATION");
        assertThat(Ledger.cancelledViolations(order, CANCELLED, CANCELLED))
                .singleElement()
                .asString()
                .contains("never authorized");
    }

    @Test
    void aSagaWithoutItsCompensationStepsIsAViolation() {
        assertThat(Ledger.cancelledViolations(cancelled("RESERVE_STOCK"), CANCELLED, ABSENT))
                .singleElement()
                .asString()
                .contains("no CANCEL_RESERVATION");
        assertThat(Ledger.cancelledViolations(
                        cancelled("RESERVE_STOCK", "AUTHORIZE_PAYMENT", "CANCEL_RESERVATION"), CANCELLED, CANCELLED))
                .singleElement()
                .asString()
                .contains("no CANCEL_PAYMENT");
    }

    private static JsonNode cancelled(String... steps) {
        List<Map<String, String>> stepViews =
                Arrays.stream(steps).map(step -> Map.of("step", step)).toList();
        return Api.JSON.valueToTree(
                Map.of("id", "o-1", "status", "CANCELLED", "saga", Map.of("state", "CANCELLED", "steps", stepViews)));
    }

    private static Api.Response row(String status) {
        return new Api.Response(200, Map.of(), Api.JSON.writeValueAsString(Map.of("orderId", "o-1", "status", status)));
    }
}
