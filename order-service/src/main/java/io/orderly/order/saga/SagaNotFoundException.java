package io.orderly.order.saga;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** No saga for this order id. */
class SagaNotFoundException extends ProblemException {

    SagaNotFoundException(String orderId) {
        super(HttpStatus.NOT_FOUND, "saga-not-found", "No saga for order '" + orderId + "'.");
    }

    @Override
    public String title() {
        return "Saga not found";
    }
}
