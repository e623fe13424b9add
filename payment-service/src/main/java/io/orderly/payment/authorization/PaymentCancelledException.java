package io.orderly.payment.authorization;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** The payment was cancelled (or a cancel came first): 409 {@code payment-cancelled}. */
class PaymentCancelledException extends ProblemException {

    PaymentCancelledException(String orderId) {
        super(HttpStatus.CONFLICT, "payment-cancelled", "The payment for order '" + orderId + "' was cancelled.");
    }

    @Override
    public String title() {
        return "Payment cancelled";
    }
}
