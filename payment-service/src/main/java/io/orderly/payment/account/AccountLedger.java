package io.orderly.payment.account;

import java.math.BigDecimal;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves money on accounts for the payment participant. Each call locks the account row and joins
 * the caller's transaction, so that the money and the caller's fence row change together.
 */
@Component
public class AccountLedger {

    private final AccountRepository accounts;

    AccountLedger(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /**
     * Holds {@code amount} of the customer's available money.
     *
     * @throws UnknownCustomerException if there is no such account
     * @throws InsufficientFundsException if less than {@code amount} is available
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void hold(String customerId, BigDecimal amount) {
        lock(customerId).hold(amount);
    }

    /** Pays out an amount held before: it leaves the balance and the held money. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void settle(String customerId, BigDecimal amount) {
        lock(customerId).settle(amount);
    }

    /** Gives an amount held before back to the available money. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(String customerId, BigDecimal amount) {
        lock(customerId).release(amount);
    }

    private Account lock(String customerId) {
        return accounts.findForUpdate(customerId).orElseThrow(() -> new UnknownCustomerException(customerId));
    }
}
