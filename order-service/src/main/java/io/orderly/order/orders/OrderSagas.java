package io.orderly.order.orders;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The saga that runs an order, as the order API needs it. Declared here and implemented by the
 * saga package, so that the saga imports the order and not the other way round.
 */
public interface OrderSagas {

    /**
     * Writes the saga of a just-placed order in the caller's transaction, leased to this instance so
     * that no recovery worker takes it; start it once that transaction has committed.
     */
    NewSaga begin(Order order);

    /** How long {@link NewSaga#startAndAwait()} waits for a saga to end. */
    Duration waitBudget();

    /** The saga of one order, if it has one. */
    Optional<SagaView> view(String orderId);

    /** The sagas of these orders, by order id. */
    Map<String, SagaView> views(Collection<String> orderIds);

    /** A saga written but not running yet. */
    interface NewSaga {

        /** Drives the saga in the background and waits for it to end, up to the wait budget; it goes on after. */
        void startAndAwait();
    }
}
