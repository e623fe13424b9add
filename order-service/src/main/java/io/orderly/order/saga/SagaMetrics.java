package io.orderly.order.saga;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.orderly.order.orders.FailureReason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The saga's meters: started, completed (by outcome), compensated (by reason), step retries (by
 * step), parks (by step) and the number parked, admin actions, the number of unfinished sagas older than the stuck threshold, and the saga duration.
 */
@Component
class SagaMetrics {

    private static final Logger log = LoggerFactory.getLogger(SagaMetrics.class);

    private final MeterRegistry registry;
    private final SagaRepository sagas;
    private final Clock clock;
    private final Duration stuckThreshold;
    private final Counter started;

    SagaMetrics(MeterRegistry registry, SagaRepository sagas, Clock clock, SagaProperties properties) {
        this.registry = registry;
        this.sagas = sagas;
        this.clock = clock;
        this.stuckThreshold = properties.stuckThreshold();
        this.started = Counter.builder("orderly.saga.started")
                .description("Sagas started")
                .register(registry);
        Gauge.builder("orderly.saga.parked", this, SagaMetrics::countParked)
                .description("Sagas parked as NEEDS_ATTENTION, waiting for an admin")
                .register(registry);
        Gauge.builder("orderly.saga.stuck", this, SagaMetrics::countStuck)
                .description("Unfinished sagas started longer ago than orderly.saga.stuck-threshold")
                .register(registry);
        registerAll();
    }

    void started() {
        started.increment();
    }

    void completed(SagaState outcome, Duration duration) {
        completedCounter(outcome).increment();
        durationTimer(outcome).record(duration);
    }

    void compensating(FailureReason reason) {
        compensatedCounter(reason).increment();
    }

    void stepRetried(Step step) {
        retriesCounter(step).increment();
    }

    void parked(Step step) {
        parksCounter(step).increment();
    }

    void adminAction(SagaAuditEntry.Action action) {
        adminActionsCounter(action).increment();
    }

    /**
     * Registers every series at 0 before its first event, so that a rate over it (an alert, a
     * dashboard panel) reads 0 rather than nothing on an instance where it has not happened yet.
     */
    private void registerAll() {
        for (SagaState end : List.of(SagaState.CONFIRMED, SagaState.CANCELLED)) {
            completedCounter(end);
            durationTimer(end);
        }
        for (FailureReason reason : FailureReason.values()) {
            compensatedCounter(reason);
        }
        for (Step step : Step.values()) {
            retriesCounter(step);
            parksCounter(step);
        }
        for (SagaAuditEntry.Action action : SagaAuditEntry.Action.values()) {
            adminActionsCounter(action);
        }
    }

    private Counter completedCounter(SagaState outcome) {
        return Counter.builder("orderly.saga.completed")
                .description("Sagas finished, by outcome")
                .tag("outcome", outcome.name())
                .register(registry);
    }

    private Timer durationTimer(SagaState outcome) {
        return Timer.builder("orderly.saga.duration")
                .description("From the order's creation to the saga's end")
                .tag("outcome", outcome.name())
                .register(registry);
    }

    private Counter compensatedCounter(FailureReason reason) {
        return Counter.builder("orderly.saga.compensated")
                .description("Sagas that began compensating, by reason")
                .tag("reason", reason.name())
                .register(registry);
    }

    private Counter retriesCounter(Step step) {
        return Counter.builder("orderly.saga.step.retries")
                .description("Steps deferred for another attempt, by step")
                .tag("step", step.name())
                .register(registry);
    }

    private Counter parksCounter(Step step) {
        return Counter.builder("orderly.saga.parks")
                .description("Sagas parked as NEEDS_ATTENTION, by the step that could not make progress")
                .tag("step", step.name())
                .register(registry);
    }

    private Counter adminActionsCounter(SagaAuditEntry.Action action) {
        return Counter.builder("orderly.saga.admin.actions")
                .description("Admin actions on sagas, by action")
                .tag("action", action.name())
                .register(registry);
    }

    private double countParked() {
        try {
            return sagas.countByState(SagaState.NEEDS_ATTENTION);
        } catch (RuntimeException e) {
            log.debug("Cannot count parked sagas", e);
            return Double.NaN;
        }
    }

    private double countStuck() {
        try {
            return sagas.countByStateInAndStartedAtBefore(
                    SagaState.ACTIVE, clock.instant().minus(stuckThreshold));
        } catch (RuntimeException e) {
            log.debug("Cannot count stuck sagas", e);
            return Double.NaN;
        }
    }
}
