package io.orderly.payment.authorization;

import io.orderly.payment.account.AccountLedger;
import java.math.BigDecimal;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payment participant of the order saga (Try-Confirm-Cancel keyed by order id). Each step
 * writes the payment row, its fence, in the same transaction as the money it moves.
 *
 * <p>Two requests for one new order id can both find no row; the primary key lets only one
 * insert it. The other's transaction rolls back (with its hold) and it answers from the row
 * the winner wrote.
 */
@Service
class PaymentService {

    private final PaymentRepository payments;
    private final AccountLedger ledger;
    private final TransactionTemplate transactions;

    PaymentService(PaymentRepository payments, AccountLedger ledger, PlatformTransactionManager transactionManager) {
        this.payments = payments;
        this.ledger = ledger;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** The outcome of an authorization: the payment, and whether this request created it. */
    record Authorization(Payment payment, boolean created) {}

    Authorization authorize(String orderId, String customerId, BigDecimal amount, String currency) {
        try {
            return transactions.execute(status -> {
                var existing = payments.findById(orderId);
                if (existing.isPresent()) {
                    return repeated(existing.get(), customerId, amount, currency);
                }
                ledger.hold(customerId, amount);
                return new Authorization(payments.saveAndFlush(Payment.authorized(orderId, customerId, amount)), true);
            });
        } catch (DataIntegrityViolationException lostRace) {
            return transactions.execute(status -> payments.findById(orderId)
                    .map(winner -> repeated(winner, customerId, amount, currency))
                    .orElseThrow(() -> lostRace));
        }
    }

    private static Authorization repeated(Payment payment, String customerId, BigDecimal amount, String currency) {
        payment.checkRepeatedAuthorization(customerId, amount, currency);
        return new Authorization(payment, false);
    }

    Payment capture(String orderId) {
        return transactions.execute(status -> {
            Payment payment = payments.findForUpdate(orderId).orElseThrow(() -> new PaymentNotFoundException(orderId));
            if (payment.capture()) {
                ledger.settle(payment.customerId(), payment.amount());
            }
            return payment;
        });
    }

    Payment cancel(String orderId) {
        try {
            return transactions.execute(status -> cancelOnce(orderId));
        } catch (DataIntegrityViolationException lostRace) {
            // Another request wrote this order's row first: cancel that one.
            return transactions.execute(status -> cancelOnce(orderId));
        }
    }

    private Payment cancelOnce(String orderId) {
        var existing = payments.findForUpdate(orderId);
        if (existing.isEmpty()) {
            return payments.saveAndFlush(Payment.tombstone(orderId));
        }
        Payment payment = existing.get();
        if (payment.cancel()) {
            ledger.release(payment.customerId(), payment.amount());
        }
        return payment;
    }

    Payment get(String orderId) {
        return payments.findById(orderId).orElseThrow(() -> new PaymentNotFoundException(orderId));
    }
}
