package io.orderly.payment.authorization;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** No payment for the order id: 404 {@code payment-not-found}. */
class PaymentNotFoundException extends ProblemException {

    PaymentNotFoundException(String orderId) {
        super(HttpStatus.NOT_FOUND, "payment-not-found", "No payment for order '" + orderId + "'.");
    }

    @Override
    public String title() {
        return "Payment not found";
    }
}
