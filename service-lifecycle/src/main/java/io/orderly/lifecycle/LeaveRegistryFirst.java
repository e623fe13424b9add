package io.orderly.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * The first thing a stopping instance does: mark itself OUT_OF_SERVICE in the registry and keep
 * serving while callers notice, so that the web server's graceful shutdown (which refuses new
 * connections) only starts once no caller picks this instance any more. Spring Boot's own order
 * would drain first and deregister last, leaving callers to meet refused connections.
 */
class LeaveRegistryFirst implements SmartLifecycle {

    /** Stops before everything else, the web server's graceful shutdown included. */
    static final int PHASE = Integer.MAX_VALUE;

    private static final Logger log = LoggerFactory.getLogger(LeaveRegistryFirst.class);

    private final ServiceRegistry<Registration> registry;
    private final Registration registration;
    private final Duration delay;
    private final Sleeper sleeper;
    private volatile boolean running;

    LeaveRegistryFirst(
            ServiceRegistry<Registration> registry, Registration registration, Duration delay, Sleeper sleeper) {
        this.registry = registry;
        this.registration = registration;
        this.delay = delay;
        this.sleeper = sleeper;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            registry.setStatus(registration, "OUT_OF_SERVICE");
            log.info(
                    "Marked {} OUT_OF_SERVICE; serving {} more while callers forget it",
                    registration.getInstanceId(),
                    delay);
        } catch (RuntimeException e) {
            log.warn("Could not mark {} OUT_OF_SERVICE: {}", registration.getInstanceId(), e.toString());
            return;
        }
        sleeper.sleep(delay);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Waits; a seam for tests. */
    interface Sleeper {
        void sleep(Duration duration);

        static Sleeper real() {
            return duration -> {
                try {
                    Thread.sleep(duration);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }
}
