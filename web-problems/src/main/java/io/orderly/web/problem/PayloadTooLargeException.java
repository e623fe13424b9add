package io.orderly.web.problem;

import org.springframework.http.HttpStatus;

/** A request body longer than {@code orderly.web.max-request-body-size}. */
public class PayloadTooLargeException extends ProblemException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "The request body exceeds the limit of " + limit + " bytes.");
        this.limit = limit;
    }

    /** The limit the body exceeded, in bytes. */
    public long limit() {
        return limit;
    }
}
