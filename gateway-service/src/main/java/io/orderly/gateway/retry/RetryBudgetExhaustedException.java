package io.orderly.gateway.retry;

/** A retry the gateway's retry budget did not allow: the outage is answered, not amplified. */
class RetryBudgetExhaustedException extends RuntimeException {

    RetryBudgetExhaustedException() {
        super("Retry budget exhausted", null, false, false);
    }
}
