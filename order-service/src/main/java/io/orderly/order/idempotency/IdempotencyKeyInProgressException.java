package io.orderly.order.idempotency;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** The first request with this key has not answered yet. */
public class IdempotencyKeyInProgressException extends ProblemException {

    public IdempotencyKeyInProgressException() {
        super(
                HttpStatus.CONFLICT,
                "idempotency-key-in-progress",
                "A request with this Idempotency-Key is still being processed; retry later.");
    }

    @Override
    public String title() {
        return "Idempotency key in progress";
    }
}
