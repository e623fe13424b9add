package io.orderly.order.saga;

import io.orderly.web.problem.DatabaseUnavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Resumes due sagas in every instance: deferred retries, and sagas whose driver crashed (their
 * lease expired). Each claimed saga is driven on its own virtual thread, so a slow or failing one
 * never holds up the others; at most {@code max-concurrent} are driven at once.
 */
class RecoveryWorker implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RecoveryWorker.class);

    private final SagaClaims claims;
    private final SagaOrchestrator orchestrator;
    private final SagaProperties.Recovery settings;
    private final String owner;
    private final ExecutorService executor;
    private final Semaphore permits;

    RecoveryWorker(
            SagaClaims claims,
            SagaOrchestrator orchestrator,
            SagaProperties.Recovery settings,
            String owner,
            ExecutorService executor) {
        this.claims = claims;
        this.orchestrator = orchestrator;
        this.settings = settings;
        this.owner = owner;
        this.executor = executor;
        this.permits = new Semaphore(settings.maxConcurrent());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (settings.enabled()) {
            registrar.addFixedDelayTask(this::pollQuietly, settings.interval());
        }
    }

    private void pollQuietly() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            Throwable unavailable = DatabaseUnavailable.cause(e);
            log.warn("Recovery poll failed: {}", (unavailable != null ? unavailable : e).getMessage());
        }
    }

    /** Claims what is due (as many as there are free slots) and starts driving it; the futures end with each drive. */
    List<CompletableFuture<SagaState>> pollOnce() {
        int free = Math.min(permits.availablePermits(), settings.batchSize());
        if (free <= 0) {
            return List.of();
        }
        List<CompletableFuture<SagaState>> drives = new ArrayList<>();
        for (String orderId : claims.claim(owner, free)) {
            permits.acquireUninterruptibly();
            drives.add(CompletableFuture.supplyAsync(() -> orchestrator.drive(orderId, owner), executor)
                    .whenComplete((state, failure) -> permits.release()));
        }
        if (!drives.isEmpty()) {
            log.debug("Recovery worker {} claimed {} sagas", owner, drives.size());
        }
        return drives;
    }
}
