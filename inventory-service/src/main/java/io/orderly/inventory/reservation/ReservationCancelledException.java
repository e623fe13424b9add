package io.orderly.inventory.reservation;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** The reservation was cancelled (or a cancel came first): it can be neither made nor confirmed. */
class ReservationCancelledException extends ProblemException {

    ReservationCancelledException(String orderId) {
        super(HttpStatus.CONFLICT, "reservation-cancelled", "The reservation for order " + orderId + " was cancelled.");
    }

    @Override
    public String title() {
        return "Reservation cancelled";
    }
}
