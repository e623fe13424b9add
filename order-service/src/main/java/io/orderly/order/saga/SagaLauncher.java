package io.orderly.order.saga;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.springframework.stereotype.Component;

/** Drives the saga of a new order on a virtual thread, and lets the request wait for its end. */
@Component
class SagaLauncher {

    private final SagaOrchestrator orchestrator;
    private final SagaCompletions completions;
    private final SagaOwner owner;
    private final SagaMetrics metrics;
    private final ExecutorService executor;

    SagaLauncher(
            SagaOrchestrator orchestrator,
            SagaCompletions completions,
            SagaOwner owner,
            SagaMetrics metrics,
            ExecutorService sagaExecutor) {
        this.orchestrator = orchestrator;
        this.completions = completions;
        this.owner = owner;
        this.metrics = metrics;
        this.executor = sagaExecutor;
    }

    /** Drives a committed new saga in the background, from the snapshot taken when it was written; completes when it ends here. */
    CompletableFuture<SagaState> launch(SagaSnapshot first) {
        metrics.started();
        CompletableFuture<SagaState> ended = completions.register(first.orderId());
        executor.execute(() -> orchestrator.driveNew(first, owner.id()));
        return ended;
    }

    /** The caller stopped waiting: the saga goes on, nobody here needs to hear of its end. */
    void stopWaiting(String orderId) {
        completions.forget(orderId);
    }
}
