package io.orderly.inventory.reservation;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** The reservation was confirmed: it can no longer be cancelled. */
class ReservationConfirmedException extends ProblemException {

    ReservationConfirmedException(String orderId) {
        super(
                HttpStatus.CONFLICT,
                "reservation-confirmed",
                "The reservation for order " + orderId + " was confirmed and cannot be cancelled.");
    }

    @Override
    public String title() {
        return "Reservation confirmed";
    }
}
