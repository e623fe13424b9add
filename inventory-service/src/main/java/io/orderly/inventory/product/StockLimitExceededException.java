package io.orderly.inventory.product;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A restock would take on-hand past what its INTEGER column holds (2147483647): 409
 * {@code stock-limit-exceeded}, and nothing is written.
 */
class StockLimitExceededException extends ProblemException {

    StockLimitExceededException(String sku, int onHand, int quantity) {
        super(
                HttpStatus.CONFLICT,
                "stock-limit-exceeded",
                "Restocking " + quantity + " of " + sku + " would take its " + onHand + " on hand over "
                        + Integer.MAX_VALUE + ".");
    }

    @Override
    public String title() {
        return "Stock limit exceeded";
    }
}
