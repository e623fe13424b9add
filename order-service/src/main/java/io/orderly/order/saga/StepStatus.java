package io.orderly.order.saga;

/**
 * The outcome of a step so far: PENDING (not called yet), RETRYING (the last call's outcome was
 * unknown or unexpected; it will be called again), SUCCEEDED, or REFUSED (a business refusal).
 */
enum StepStatus {
    PENDING,
    RETRYING,
    SUCCEEDED,
    REFUSED
}
