package io.orderly.web.problem;

import org.springframework.http.HttpStatus;

/**
 * Base of every domain exception that leaves a service as an RFC 9457 problem detail.
 * The slug is the stable last segment of the problem's {@code type} URI.
 */
public abstract class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;

    protected ProblemException(HttpStatus status, String slug, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    /** A short, stable title for the problem type; by default the status reason phrase. */
    public String title() {
        return status.getReasonPhrase();
    }
}
