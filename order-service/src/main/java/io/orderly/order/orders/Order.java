package io.orderly.order.orders;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * The order aggregate: a small state machine PENDING -> CONFIRMED | CANCELLED, driven by its saga.
 * Lines are priced from inventory's reservation answer. New until stored ({@link Persistable}), so
 * that saving one always inserts it.
 */
@Entity
@Table(name = "orders")
public class Order implements Persistable<String> {

    public static final String CURRENCY = "EUR";

    @Id
    private String id;

    @Column(name = "customer_id", nullable = false, length = 64)
    private String customerId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private OrderStatus status;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "failure_reason", length = 32)
    private FailureReason failureReason;

    @Column(precision = 12, scale = 2)
    private BigDecimal total;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private Long version;

    /**
     * Keyed by SKU (the table's key is order_id + sku), so that pricing updates the lines in place:
     * Hibernate rewrites an unkeyed element collection (delete all, insert all) on any change.
     */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "order_lines", joinColumns = @JoinColumn(name = "order_id"))
    @MapKeyColumn(name = "sku", length = 64)
    private Map<String, OrderLine> lines = new LinkedHashMap<>();

    @Transient
    private boolean isNew;

    protected Order() {}

    /** A new PENDING order; nothing is priced yet. */
    public static Order place(String id, String customerId, List<OrderLine> lines, Instant now) {
        Order order = new Order();
        order.id = id;
        order.customerId = customerId;
        order.status = OrderStatus.PENDING;
        order.currency = CURRENCY;
        order.createdAt = now;
        order.updatedAt = now;
        order.isNew = true;
        lines.forEach(line -> order.lines.put(line.sku(), line));
        return order;
    }

    /** Prices the lines with inventory's unit prices and takes its total. */
    public void price(Map<String, BigDecimal> unitPrices, BigDecimal total, Instant now) {
        requirePending("be priced");
        for (OrderLine line : lines.values()) {
            BigDecimal unitPrice = unitPrices.get(line.sku());
            if (unitPrice == null) {
                throw new IllegalArgumentException("No unit price for " + line.sku() + " in order " + id);
            }
            line.price(unitPrice);
        }
        this.total = total;
        this.updatedAt = now;
    }

    public void confirm(Instant now) {
        requirePending("be confirmed");
        status = OrderStatus.CONFIRMED;
        updatedAt = now;
    }

    public void cancel(FailureReason reason, Instant now) {
        requirePending("be cancelled");
        status = OrderStatus.CANCELLED;
        failureReason = reason;
        updatedAt = now;
    }

    private void requirePending(String action) {
        if (status != OrderStatus.PENDING) {
            throw new IllegalOrderTransitionException(id, status, action);
        }
    }

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    public String id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public OrderStatus status() {
        return status;
    }

    public FailureReason failureReason() {
        return failureReason;
    }

    public BigDecimal total() {
        return total;
    }

    public String currency() {
        return currency;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The lines by SKU. */
    public List<OrderLine> lines() {
        return lines.values().stream()
                .sorted(Comparator.comparing(OrderLine::sku))
                .toList();
    }
}
