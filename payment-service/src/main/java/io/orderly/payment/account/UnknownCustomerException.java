package io.orderly.payment.account;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** No account for the customer id: 404 {@code unknown-customer}. */
public class UnknownCustomerException extends ProblemException {

    public UnknownCustomerException(String customerId) {
        super(HttpStatus.NOT_FOUND, "unknown-customer", "No account for customer '" + customerId + "'.");
    }

    @Override
    public String title() {
        return "Unknown customer";
    }
}
