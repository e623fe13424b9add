package io.orderly.order.saga;

import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.PaymentClient;

/** The services the saga calls; the saga definition says which step calls which. */
record Participants(InventoryClient inventory, PaymentClient payment) {}
