package io.orderly.order.saga;

import io.orderly.order.order.Order;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.springframework.stereotype.Component;

/** Starts the saga of a new order: builds its first row, then drives it on a virtual thread. */
@Component
public class SagaLauncher {

    private final SagaOrchestrator orchestrator;
    private final SagaCompletions completions;
    private final SagaProperties properties;
    private final SagaOwner owner;
    private final SagaMetrics metrics;
    private final Clock clock;
    private final ExecutorService executor;

    SagaLauncher(
            SagaOrchestrator orchestrator,
            SagaCompletions completions,
            SagaProperties properties,
            SagaOwner owner,
            SagaMetrics metrics,
            Clock clock,
            ExecutorService sagaExecutor) {
        this.orchestrator = orchestrator;
        this.completions = completions;
        this.properties = properties;
        this.owner = owner;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = sagaExecutor;
    }

    /**
     * The saga row for a new order, leased to this instance so that no worker takes it while the
     * request drives it; to be saved in the order's own transaction.
     */
    public Saga newSaga(Order order) {
        Instant now = clock.instant();
        return Saga.start(order, now.plus(properties.deadline()), owner.id(), now.plus(properties.lease()), now);
    }

    /**
     * Drives the saga of a committed new order (made by {@link #newSaga}) in the background;
     * completes when it ends here.
     */
    public CompletableFuture<SagaState> launch(Saga saga) {
        metrics.started();
        SagaSnapshot first = SagaSnapshot.of(saga);
        CompletableFuture<SagaState> ended = completions.register(first.orderId());
        executor.execute(() -> orchestrator.driveNew(first, owner.id()));
        return ended;
    }

    /** The caller stopped waiting: the saga goes on, nobody here needs to hear of its end. */
    public void stopWaiting(String orderId) {
        completions.forget(orderId);
    }
}
