package io.orderly.payment.authorization;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** The order was authorized with another customer, amount or currency: 422 {@code payment-mismatch}. */
class PaymentMismatchException extends ProblemException {

    PaymentMismatchException(String orderId) {
        super(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "payment-mismatch",
                "Order '" + orderId + "' was authorized with another customer, amount or currency.");
    }

    @Override
    public String title() {
        return "Payment mismatch";
    }
}
