package io.orderly.order.idempotency;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Deletes keys older than the retention; safe to run in every instance at once. */
@Component
class IdempotencyCleanup implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyCleanup.class);

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Clock clock;

    IdempotencyCleanup(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::runQuietly, properties.cleanupInterval());
    }

    private void runQuietly() {
        try {
            deleteExpired();
        } catch (RuntimeException e) {
            log.warn("Idempotency key cleanup failed: {}", e.getMessage());
        }
    }

    int deleteExpired() {
        int deleted = keys.deleteOlderThan(clock.instant().minus(properties.retention()));
        if (deleted > 0) {
            log.info("Deleted {} idempotency keys older than {}", deleted, properties.retention());
        }
        return deleted;
    }
}
