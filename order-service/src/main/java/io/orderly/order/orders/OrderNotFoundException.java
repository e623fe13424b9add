package io.orderly.order.orders;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** No order has this id. */
class OrderNotFoundException extends ProblemException {

    OrderNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, "order-not-found", "No order with id '" + id + "'.");
    }

    @Override
    public String title() {
        return "Order not found";
    }
}
