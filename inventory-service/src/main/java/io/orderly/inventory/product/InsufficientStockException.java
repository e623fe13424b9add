package io.orderly.inventory.product;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** A reservation asked for more units than a product has available. */
public class InsufficientStockException extends ProblemException {

    public InsufficientStockException(String sku, int requested, int available) {
        super(
                HttpStatus.CONFLICT,
                "insufficient-stock",
                "Insufficient stock for " + sku + ": requested " + requested + ", available " + available + ".");
    }

    @Override
    public String title() {
        return "Insufficient stock";
    }
}
