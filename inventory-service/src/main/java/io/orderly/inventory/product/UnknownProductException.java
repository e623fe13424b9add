package io.orderly.inventory.product;

import io.orderly.web.problem.ProblemException;
import java.util.Collection;
import org.springframework.http.HttpStatus;

/** A SKU that no product has. */
public class UnknownProductException extends ProblemException {

    public UnknownProductException(Collection<String> skus) {
        super(HttpStatus.NOT_FOUND, "unknown-product", "Unknown product: " + String.join(", ", skus) + ".");
    }

    @Override
    public String title() {
        return "Unknown product";
    }
}
