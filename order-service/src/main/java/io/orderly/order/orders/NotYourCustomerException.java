package io.orderly.order.orders;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A customer asked to act for another customer: order for it, or list its orders. */
class NotYourCustomerException extends ProblemException {

    NotYourCustomerException() {
        super(HttpStatus.FORBIDDEN, "forbidden", "A customer may act only for itself.");
        getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer error=\"insufficient_scope\", error_description=\"A customer may act only for itself.\"");
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
