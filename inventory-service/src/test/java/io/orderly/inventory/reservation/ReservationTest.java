package io.orderly.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private static Reservation aReservation() {
        return Reservation.reserved(
                "order-1",
                List.of(
                        new ReservationLine("SKU-2", 3, new BigDecimal("5.00")),
                        new ReservationLine("SKU-1", 2, new BigDecimal("2.50"))));
    }

    @Test
    void aNewReservationIsReservedWithLinesSortedBySkuAndTheirTotal() {
        Reservation reservation = aReservation();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(reservation.lines()).extracting(ReservationLine::sku).containsExactly("SKU-1", "SKU-2");
        assertThat(reservation.total()).isEqualTo(new BigDecimal("20.00"));
        assertThat(reservation.quantities()).containsExactly(Map.entry("SKU-1", 2), Map.entry("SKU-2", 3));
    }

    @Test
    void aReservationNeedsAtLeastOneLine() {
        assertThatThrownBy(() -> Reservation.reserved("order-1", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void confirmMovesReservedToConfirmedOnceAndThenIsANoOp() {
        Reservation reservation = aReservation();

        assertThat(reservation.confirm()).isTrue();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(reservation.confirm()).isFalse();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void cancelMovesReservedToCancelledOnceAndThenIsANoOp() {
        Reservation reservation = aReservation();

        assertThat(reservation.cancel()).isTrue();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(reservation.cancel()).isFalse();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.CANCELLED);
    }

    @Test
    void aConfirmedReservationRefusesToBeCancelled() {
        Reservation reservation = aReservation();
        reservation.confirm();

        assertThatThrownBy(reservation::cancel)
                .isInstanceOf(ReservationConfirmedException.class)
                .hasMessageContaining("order-1");
        assertThat(reservation.status()).isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void aCancelledReservationRefusesToBeConfirmed() {
        Reservation reservation = aReservation();
        reservation.cancel();

        assertThatThrownBy(reservation::confirm).isInstanceOf(ReservationCancelledException.class);
        assertThat(reservation.status()).isEqualTo(ReservationStatus.CANCELLED);
    }

    @Test
    void aTombstoneIsCancelledWithoutLinesAndAZeroTotal() {
        Reservation tombstone = Reservation.tombstone("order-1");

        assertThat(tombstone.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(tombstone.lines()).isEmpty();
        assertThat(tombstone.total()).isEqualTo(new BigDecimal("0.00"));
        assertThat(tombstone.cancel()).isFalse();
        assertThatThrownBy(tombstone::confirm).isInstanceOf(ReservationCancelledException.class);
    }

    @Test
    void aRepeatWithTheSameItemsIsAcceptedWhileReservedOrConfirmed() {
        Reservation reservation = aReservation();
        Map<String, Integer> same = Map.of("SKU-2", 3, "SKU-1", 2);

        reservation.checkRepeatOf(same);
        reservation.confirm();
        reservation.checkRepeatOf(same);
    }

    @Test
    void aRepeatWithOtherItemsIsAMismatch() {
        Reservation reservation = aReservation();

        assertThatThrownBy(() -> reservation.checkRepeatOf(Map.of("SKU-1", 2)))
                .isInstanceOf(ReservationMismatchException.class);
        assertThatThrownBy(() -> reservation.checkRepeatOf(Map.of("SKU-1", 2, "SKU-2", 4)))
                .isInstanceOf(ReservationMismatchException.class);
    }

    @Test
    void aRepeatAfterACancelIsRefusedWhateverTheItems() {
        Reservation cancelled = aReservation();
        cancelled.cancel();

        assertThatThrownBy(() -> cancelled.checkRepeatOf(Map.of("SKU-1", 2, "SKU-2", 3)))
                .isInstanceOf(ReservationCancelledException.class);
        assertThatThrownBy(() -> Reservation.tombstone("order-1").checkRepeatOf(Map.of("SKU-1", 1)))
                .isInstanceOf(ReservationCancelledException.class);
    }
}
