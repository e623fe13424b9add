package io.orderly.order.participant;

/**
 * No service token could be had for a participant call (auth-service unreachable, slow, or refusing
 * order-service's credentials), so the request never left: retried like any unknown outcome, but
 * ignored by the circuit breaker, as it says nothing about the participant's health.
 */
public class ServiceTokenUnavailableException extends ParticipantUnavailableException {

    public ServiceTokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
