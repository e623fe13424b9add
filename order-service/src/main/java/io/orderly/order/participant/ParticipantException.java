package io.orderly.order.participant;

/** A participant call whose outcome is not a success nor a business refusal: the saga retries it. */
public abstract class ParticipantException extends RuntimeException {

    protected ParticipantException(String message, Throwable cause) {
        super(message, cause);
    }
}
