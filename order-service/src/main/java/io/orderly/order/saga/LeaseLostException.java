package io.orderly.order.saga;

/** Another instance owns the saga now: this one must stop driving it. */
class LeaseLostException extends RuntimeException {

    LeaseLostException(String orderId, String owner, String current) {
        super("Saga " + orderId + " is leased by " + current + ", not " + owner);
    }
}
