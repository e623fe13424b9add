package io.orderly.payment.account;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** An account with that customer id is already open: 409 {@code account-exists}. */
class AccountExistsException extends ProblemException {

    AccountExistsException(String customerId) {
        super(HttpStatus.CONFLICT, "account-exists", "An account for customer '" + customerId + "' already exists.");
    }

    @Override
    public String title() {
        return "Account exists";
    }
}
