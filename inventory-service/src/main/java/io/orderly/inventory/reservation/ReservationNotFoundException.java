package io.orderly.inventory.reservation;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

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
