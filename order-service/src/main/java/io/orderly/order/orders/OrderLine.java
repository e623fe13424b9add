package io.orderly.order.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/** One line of an order; the unit price is unknown until inventory has reserved the stock. */
@Embeddable
public class OrderLine {

    // Written through the order's map key (the same column); read here so a line knows its SKU.
    @Column(name = "sku", nullable = false, length = 64, insertable = false, updatable = false)
    private String sku;

    @Column(name = "quantity", nullable = false)
    private int quantity;

    @Column(name = "unit_price", precision = 12, scale = 2)
    private BigDecimal unitPrice;

    protected OrderLine() {}

    public OrderLine(String sku, int quantity) {
        this.sku = sku;
        this.quantity = quantity;
    }

    public String sku() {
        return sku;
    }

    public int quantity() {
        return quantity;
    }

    public BigDecimal unitPrice() {
        return unitPrice;
    }

    void price(BigDecimal unitPrice) {
        this.unitPrice = unitPrice;
    }
}
