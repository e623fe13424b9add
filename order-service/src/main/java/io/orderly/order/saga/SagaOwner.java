package io.orderly.order.saga;

/** This instance's name on the leases it takes. */
record SagaOwner(String id) {}
