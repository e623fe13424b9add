package io.orderly.payment.authorization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * The payment of one order, and the participant's fence row: its primary key, the order id,
 * makes every step idempotent. {@code AUTHORIZED -> CAPTURED} or {@code AUTHORIZED -> CANCELLED};
 * a cancel that comes first leaves a {@code CANCELLED} tombstone (no customer, amount 0.00) that
 * refuses the late authorization.
 */
@Entity
@Table(name = "payment")
class Payment implements Persistable<String> {

    static final String CURRENCY = "EUR";

    @Id
    private String orderId;

    private String customerId;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal amount;

    @Column(nullable = false, length = 3)
    private String currency;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private PaymentStatus status;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    @Transient
    private boolean isNew;

    protected Payment() {}

    private Payment(String orderId, String customerId, BigDecimal amount, PaymentStatus status) {
        this.orderId = Objects.requireNonNull(orderId);
        this.customerId = customerId;
        this.amount = amount;
        this.currency = CURRENCY;
        this.status = status;
        this.isNew = true;
    }

    /** A payment whose amount has just been held on the customer's account. */
    static Payment authorized(String orderId, String customerId, BigDecimal amount) {
        Objects.requireNonNull(customerId);
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A payment amount must be positive: " + amount);
        }
        return new Payment(orderId, customerId, amount, PaymentStatus.AUTHORIZED);
    }

    /** The mark of a cancel that came before any authorization: refuses the authorization if it comes late. */
    static Payment tombstone(String orderId) {
        return new Payment(orderId, null, BigDecimal.ZERO.setScale(2), PaymentStatus.CANCELLED);
    }

    /**
     * Checks that an authorization repeated for this order asks for the same payment.
     *
     * @throws PaymentCancelledException if this payment was cancelled (or the cancel came first)
     * @throws PaymentMismatchException if the order's payment was authorized with other terms
     */
    void checkRepeatedAuthorization(String customerId, BigDecimal amount, String currency) {
        if (status == PaymentStatus.CANCELLED) {
            throw new PaymentCancelledException(orderId);
        }
        if (!this.customerId.equals(customerId)
                || this.amount.compareTo(amount) != 0
                || !this.currency.equals(currency)) {
            throw new PaymentMismatchException(orderId);
        }
    }

    /**
     * Captures an authorized payment; capturing again changes nothing.
     *
     * @return whether the held amount must now be paid out
     * @throws PaymentCancelledException if the payment was cancelled
     */
    boolean capture() {
        return switch (status) {
            case AUTHORIZED -> {
                status = PaymentStatus.CAPTURED;
                yield true;
            }
            case CAPTURED -> false;
            case CANCELLED -> throw new PaymentCancelledException(orderId);
        };
    }

    /**
     * Cancels an authorized payment; cancelling again changes nothing.
     *
     * @return whether the held amount must now be released
     * @throws PaymentCapturedException if the payment was already captured
     */
    boolean cancel() {
        return switch (status) {
            case AUTHORIZED -> {
                status = PaymentStatus.CANCELLED;
                yield true;
            }
            case CANCELLED -> false;
            case CAPTURED -> throw new PaymentCapturedException(orderId);
        };
    }

    String orderId() {
        return orderId;
    }

    String customerId() {
        return customerId;
    }

    BigDecimal amount() {
        return amount;
    }

    String currency() {
        return currency;
    }

    PaymentStatus status() {
        return status;
    }

    @Override
    public String getId() {
        return orderId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PrePersist
    @PreUpdate
    void touch() {
        updatedAt = Instant.now();
        if (createdAt == null) {
            createdAt = updatedAt;
        }
    }

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
    }
}
