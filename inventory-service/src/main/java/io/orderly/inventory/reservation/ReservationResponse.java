package io.orderly.inventory.reservation;

import java.math.BigDecimal;
import java.util.List;

/** A reservation as the participant API shows it; lines sorted by SKU. */
record ReservationResponse(String orderId, ReservationStatus status, List<Line> lines, BigDecimal total) {

    record Line(String sku, int quantity, BigDecimal unitPrice) {}

    static ReservationResponse of(Reservation reservation) {
        List<Line> lines = reservation.lines().stream()
                .map(line -> new Line(line.sku(), line.quantity(), line.unitPrice()))
                .toList();
        return new ReservationResponse(reservation.orderId(), reservation.status(), lines, reservation.total());
    }
}
