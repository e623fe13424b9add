package io.orderly.payment.account;

import java.math.BigDecimal;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Opens accounts, takes deposits and reads balances for the public accounts API. */
@Service
class AccountService {

    private final AccountRepository accounts;
    private final TransactionTemplate transactions;

    AccountService(AccountRepository accounts, PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    Account get(String customerId) {
        return accounts.findById(customerId).orElseThrow(() -> new UnknownCustomerException(customerId));
    }

    Account open(String customerId, BigDecimal initialBalance) {
        if (accounts.existsById(customerId)) {
            throw new AccountExistsException(customerId);
        }
        try {
            return transactions.execute(status -> accounts.saveAndFlush(Account.open(customerId, initialBalance)));
        } catch (DataIntegrityViolationException race) {
            // Another request opened the same account between the check and the insert.
            if (accounts.existsById(customerId)) {
                throw new AccountExistsException(customerId);
            }
            throw race;
        }
    }

    Account deposit(String customerId, BigDecimal amount) {
        return transactions.execute(status -> {
            Account account =
                    accounts.findForUpdate(customerId).orElseThrow(() -> new UnknownCustomerException(customerId));
            account.deposit(amount);
            return account;
        });
    }
}
