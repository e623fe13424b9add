package io.orderly.payment.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/**
 * A customer's money: {@code balance} is what the customer owns, {@code held} the part of it
 * promised to authorized payments. Never negative, and never more held than owned (the table's
 * CHECK constraints say the same).
 */
@Entity
@Table(name = "account")
class Account implements Persistable<String> {

    /** The largest balance a {@code NUMERIC(12,2)} column holds. */
    static final BigDecimal MAX_BALANCE = new BigDecimal("9999999999.99");

    @Id
    private String customerId;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal balance;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal held;

    @Column(nullable = false)
    private Instant openedAt;

    @Transient
    private boolean isNew;

    protected Account() {}

    private Account(String customerId, BigDecimal balance) {
        this.customerId = customerId;
        this.balance = balance;
        this.held = BigDecimal.ZERO.setScale(2);
        this.openedAt = Instant.now();
        this.isNew = true;
    }

    static Account open(String customerId, BigDecimal initialBalance) {
        if (initialBalance.signum() < 0) {
            throw new IllegalArgumentException("An initial balance cannot be negative: " + initialBalance);
        }
        return new Account(customerId, initialBalance);
    }

    String customerId() {
        return customerId;
    }

    BigDecimal balance() {
        return balance;
    }

    BigDecimal held() {
        return held;
    }

    BigDecimal available() {
        return balance.subtract(held);
    }

    void deposit(BigDecimal amount) {
        requirePositive(amount);
        if (balance.add(amount).compareTo(MAX_BALANCE) > 0) {
            throw new BalanceLimitExceededException(customerId, MAX_BALANCE);
        }
        balance = balance.add(amount);
    }

    /** Promises {@code amount} of the available money to a payment. */
    void hold(BigDecimal amount) {
        requirePositive(amount);
        if (available().compareTo(amount) < 0) {
            throw new InsufficientFundsException(customerId, amount, available());
        }
        held = held.add(amount);
    }

    /** Pays out a held amount: it leaves both the balance and the held money. */
    void settle(BigDecimal amount) {
        requireHeld(amount);
        held = held.subtract(amount);
        balance = balance.subtract(amount);
    }

    /** Gives a held amount back to the available money. */
    void release(BigDecimal amount) {
        requireHeld(amount);
        held = held.subtract(amount);
    }

    private void requireHeld(BigDecimal amount) {
        requirePositive(amount);
        if (held.compareTo(amount) < 0) {
            throw new IllegalStateException("Account " + customerId + " holds " + held + ", less than " + amount);
        }
    }

    private static void requirePositive(BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("An amount must be positive: " + amount);
        }
    }

    @Override
    public String getId() {
        return customerId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
    }
}
