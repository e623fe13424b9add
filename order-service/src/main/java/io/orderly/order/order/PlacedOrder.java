package io.orderly.order.order;

/** The answer to POST /api/orders: 201 (saga ended) or 202 (still running), and whether it is a replay. */
record PlacedOrder(int status, OrderResponse order, boolean replayed) {}
