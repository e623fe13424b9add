package io.orderly.inventory.product;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/**
 * A product and its stock. {@code reserved} units are promised to orders and not yet shipped;
 * {@code onHand - reserved} is what a new reservation may take.
 */
@Entity
@Table(name = "product")
class Product implements Persistable<String> {

    @Id
    private String sku;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal price;

    @Column(name = "on_hand", nullable = false)
    private int onHand;

    @Column(nullable = false)
    private int reserved;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** The SKU is assigned, so Spring Data cannot tell a new product from a detached one by its id. */
    @Transient
    private boolean isNew = true;

    protected Product() {}

    Product(String sku, String name, BigDecimal price, int onHand) {
        if (onHand < 0) {
            throw new IllegalArgumentException("onHand must not be negative");
        }
        this.sku = sku;
        this.name = name;
        this.price = price.setScale(2, RoundingMode.UNNECESSARY);
        this.onHand = onHand;
        this.reserved = 0;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    /** Promises {@code quantity} units to an order, or refuses when fewer are available. */
    void reserve(int quantity) {
        requirePositive(quantity);
        if (available() < quantity) {
            throw new InsufficientStockException(sku, quantity, available());
        }
        reserved += quantity;
        touch();
    }

    /** Gives back units reserved earlier. */
    void release(int quantity) {
        requirePositive(quantity);
        if (reserved < quantity) {
            throw new IllegalStateException(
                    "Cannot release " + quantity + " of " + sku + ": only " + reserved + " reserved");
        }
        reserved -= quantity;
        touch();
    }

    /** Reserved units leave the warehouse: both on-hand and reserved drop. */
    void commit(int quantity) {
        requirePositive(quantity);
        if (reserved < quantity) {
            throw new IllegalStateException(
                    "Cannot commit " + quantity + " of " + sku + ": only " + reserved + " reserved");
        }
        reserved -= quantity;
        onHand -= quantity;
        touch();
    }

    /**
     * Adds units to on-hand; {@link StockLimitExceededException} if on-hand would pass what its
     * INTEGER column holds, and then nothing changes.
     */
    void restock(int quantity) {
        requirePositive(quantity);
        if (quantity > Integer.MAX_VALUE - onHand) {
            throw new StockLimitExceededException(sku, onHand, quantity);
        }
        onHand += quantity;
        touch();
    }

    int available() {
        return onHand - reserved;
    }

    private void touch() {
        updatedAt = Instant.now();
    }

    private static void requirePositive(int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
    }

    String sku() {
        return sku;
    }

    String name() {
        return name;
    }

    BigDecimal price() {
        return price;
    }

    int onHand() {
        return onHand;
    }

    int reserved() {
        return reserved;
    }

    @Override
    public String getId() {
        return sku;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        isNew = false;
    }
}
