package io.orderly.inventory.reservation;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** A repeated reserve for an order id with other items than the first. */
class ReservationMismatchException extends ProblemException {

    ReservationMismatchException(String orderId) {
        super(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "reservation-mismatch",
                "Order " + orderId + " was reserved with other items.");
    }

    @Override
    public String title() {
        return "Reservation mismatch";
    }
}
