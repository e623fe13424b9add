package io.orderly.order.participant;

/**
 * The outcome is unknown: connect error, timeout, 5xx, 429 or an open circuit. Retried in the call
 * and counted as a failure by the circuit breaker.
 */
public class ParticipantUnavailableException extends ParticipantException {

    public ParticipantUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
