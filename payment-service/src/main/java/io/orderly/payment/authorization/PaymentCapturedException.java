package io.orderly.payment.authorization;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** A cancel after the capture: 409 {@code payment-captured}. */
class PaymentCapturedException extends ProblemException {

    PaymentCapturedException(String orderId) {
        super(HttpStatus.CONFLICT, "payment-captured", "The payment for order '" + orderId + "' was already captured.");
    }

    @Override
    public String title() {
        return "Payment captured";
    }
}
