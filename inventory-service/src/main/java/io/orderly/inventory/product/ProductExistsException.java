package io.orderly.inventory.product;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** A product with this SKU exists already. */
class ProductExistsException extends ProblemException {

    ProductExistsException(String sku) {
        super(HttpStatus.CONFLICT, "product-exists", "A product with SKU " + sku + " exists already.");
    }

    @Override
    public String title() {
        return "Product exists";
    }
}
