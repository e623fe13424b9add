package io.orderly.inventory.reservation;

import org.springframework.http.HttpStatus;

import io.orderly.web.problem.ProblemException;

/** A confirm or read of an order id this service has never seen. */
class ReservationNotFoundException extends ProblemException {

    ReservationNotFoundException(String orderId) {
        super(HttpStatus.NOT_FOUND, "reservation-not-found", "No reservation for order " + orderId + ".");
    }

    @Override
    public String title() {
        return "Reservation not found";
    }
}
