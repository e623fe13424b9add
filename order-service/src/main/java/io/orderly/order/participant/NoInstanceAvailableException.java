package io.orderly.order.participant;

/**
 * The load balancer knew no instance of the participant, so nothing was sent: retried like any
 * unknown outcome, but ignored by the circuit breaker. It says nothing about the participant's
 * health (its instances may not have registered yet, or the list is refreshing), and counted it
 * would open the breaker against instances that are about to serve.
 */
public class NoInstanceAvailableException extends ParticipantUnavailableException {

    public NoInstanceAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
