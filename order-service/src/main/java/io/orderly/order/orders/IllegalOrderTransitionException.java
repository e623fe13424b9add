package io.orderly.order.orders;

/** An order was asked to move to a status its current status does not lead to. */
public class IllegalOrderTransitionException extends IllegalStateException {

    IllegalOrderTransitionException(String orderId, OrderStatus from, String action) {
        super("Order " + orderId + " is " + from + " and cannot " + action);
    }
}
