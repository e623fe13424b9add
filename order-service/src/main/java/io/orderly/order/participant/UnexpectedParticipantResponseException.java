package io.orderly.order.participant;

/** The participant answered with a 4xx that is not a refusal the saga understands: not retried in the call. */
public class UnexpectedParticipantResponseException extends ParticipantException {

    public UnexpectedParticipantResponseException(String message) {
        super(message, null);
    }
}
