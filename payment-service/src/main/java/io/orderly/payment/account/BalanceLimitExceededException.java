package io.orderly.payment.account;

import io.orderly.web.problem.ProblemException;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;

/** A deposit would take the balance past what the ledger can store: 409 {@code balance-limit-exceeded}. */
class BalanceLimitExceededException extends ProblemException {

    BalanceLimitExceededException(String customerId, BigDecimal limit) {
        super(
                HttpStatus.CONFLICT,
                "balance-limit-exceeded",
                "The deposit would take the balance of customer '" + customerId + "' over " + limit + " EUR.");
    }

    @Override
    public String title() {
        return "Balance limit exceeded";
    }
}
