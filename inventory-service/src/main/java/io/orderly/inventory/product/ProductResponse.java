package io.orderly.inventory.product;

import java.math.BigDecimal;

/** A product as the public API shows it. */
record ProductResponse(String sku, String name, BigDecimal price, int onHand, int reserved, int available) {

    static ProductResponse of(Product product) {
        return new ProductResponse(
                product.sku(),
                product.name(),
                product.price(),
                product.onHand(),
                product.reserved(),
                product.available());
    }
}
