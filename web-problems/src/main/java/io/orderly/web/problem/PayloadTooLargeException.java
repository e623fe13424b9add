package io.orderly.web.problem;

import org.springframework.http.HttpStatus;

/** A request body longer than {@code orderly.web.max-request-body-size}. */
public class PayloadTooLargeException extends ProblemException {

    public PayloadTooLargeException(long limit) {
        super(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "The request body exceeds the limit of " + limit + " bytes.");
    }
}
