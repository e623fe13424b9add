package io.orderly.order.participant;

import java.math.BigDecimal;
import java.util.List;

/** What inventory said to PUT /reservations/{orderId}. */
public sealed interface ReservationResult {

    /** Stock is held; the lines carry inventory's unit prices. */
    record Reserved(List<PricedLine> lines, BigDecimal total) implements ReservationResult {}

    /** A business refusal: nothing is reserved. */
    record Refused(Refusal refusal, String detail) implements ReservationResult {}

    /** One reserved line with its unit price. */
    record PricedLine(String sku, int quantity, BigDecimal unitPrice) {}
}
