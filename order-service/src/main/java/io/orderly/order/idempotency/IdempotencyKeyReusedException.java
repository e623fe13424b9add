package io.orderly.order.idempotency;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** The key was first used with another request body. */
public class IdempotencyKeyReusedException extends ProblemException {

    public IdempotencyKeyReusedException() {
        super(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "idempotency-key-reused",
                "This Idempotency-Key was already used with a different request body.");
    }

    @Override
    public String title() {
        return "Idempotency key reused";
    }
}
