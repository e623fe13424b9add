package io.orderly.inventory.reservation;

import org.springframework.http.HttpStatus;

import io.orderly.web.problem.ProblemException;

/** The reservation was confirmed: it can no longer be cancelled. */
class ReservationConfirmedException extends ProblemException {

    ReservationConfirmedException(String orderId) {
        super(HttpStatus.CONFLICT, "reservation-confirmed", "The reservation for order " + orderId + " was confirmed and cannot be cancelled.");
    }

    @Override
    public String title() {
        return "Reservation confirmed";
    }
}
