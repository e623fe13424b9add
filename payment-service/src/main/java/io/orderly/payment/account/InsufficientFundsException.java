package io.orderly.payment.account;

import io.orderly.web.problem.ProblemException;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;

/** An authorization asked for more than the account has available: 409 {@code insufficient-funds}. */
public class InsufficientFundsException extends ProblemException {

    public InsufficientFundsException(String customerId, BigDecimal requested, BigDecimal available) {
        super(
                HttpStatus.CONFLICT,
                "insufficient-funds",
                "Customer '" + customerId + "' has " + available + " EUR available, less than the " + requested
                        + " EUR requested.");
    }

    @Override
    public String title() {
        return "Insufficient funds";
    }
}
