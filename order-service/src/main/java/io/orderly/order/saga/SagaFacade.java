package io.orderly.order.saga;

import io.orderly.order.orders.Order;
import io.orderly.order.orders.OrderSagas;
import io.orderly.order.orders.SagaView;
import io.orderly.web.problem.DatabaseUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The saga as the order API sees it: begin one, start it and wait for it, show it. */
@Component
class SagaFacade implements OrderSagas {

    private final SagaRepository sagas;
    private final SagaAuditRepository audit;
    private final SagaLauncher launcher;
    private final SagaProperties properties;
    private final SagaOwner owner;
    private final SagaTracing tracing;
    private final Clock clock;

    SagaFacade(
            SagaRepository sagas,
            SagaAuditRepository audit,
            SagaLauncher launcher,
            SagaProperties properties,
            SagaOwner owner,
            SagaTracing tracing,
            Clock clock) {
        this.sagas = sagas;
        this.audit = audit;
        this.launcher = launcher;
        this.properties = properties;
        this.owner = owner;
        this.tracing = tracing;
        this.clock = clock;
    }

    @Override
    public NewSaga begin(Order order) {
        Instant now = clock.instant();
        Saga saga = sagas.save(Saga.start(
                order,
                now.plus(properties.deadline()),
                owner.id(),
                now.plus(properties.lease()),
                now,
                tracing.currentTraceParent()));
        // Taken now, in the transaction that writes the saga: its first call needs no read-and-renew.
        SagaSnapshot first = SagaSnapshot.of(saga);
        return () -> startAndAwait(first);
    }

    private void startAndAwait(SagaSnapshot first) {
        var ended = launcher.launch(first);
        try {
            ended.get(properties.waitBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            launcher.stopWaiting(first.orderId());
        } catch (ExecutionException e) {
            launcher.stopWaiting(first.orderId());
            // The saga stopped because its database is gone: the answer could not be read or stored
            // either, so the request fails now (503) rather than after another connection timeout. The
            // order is written; a repeat with the Idempotency-Key answers from it once the database is back.
            if (e.getCause() instanceof RuntimeException stopped && DatabaseUnavailable.isCauseOf(stopped)) {
                throw stopped;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launcher.stopWaiting(first.orderId());
        }
    }

    @Override
    public Duration waitBudget() {
        return properties.waitBudget();
    }

    @Override
    public Optional<SagaView> view(String orderId) {
        return sagas.findById(orderId).map(saga -> viewOf(saga, audit.findByOrderIdOrderByAtAscIdAsc(orderId)));
    }

    @Override
    public Map<String, SagaView> views(Collection<String> orderIds) {
        Map<String, List<SagaAuditEntry>> entries = audit.findByOrderIdInOrderByAtAscIdAsc(orderIds).stream()
                .collect(Collectors.groupingBy(SagaAuditEntry::orderId));
        return sagas.findAllById(orderIds).stream()
                .collect(Collectors.toMap(
                        Saga::orderId, saga -> viewOf(saga, entries.getOrDefault(saga.orderId(), List.of()))));
    }

    static SagaView viewOf(Saga saga, List<SagaAuditEntry> actions) {
        return new SagaView(
                saga.state().name(),
                saga.steps().stream()
                        .map(s -> new SagaView.StepView(
                                s.step().name(), s.status().name(), s.attempts(), s.lastError(), s.at()))
                        .toList(),
                actions.stream()
                        .map(a -> new SagaView.AuditView(a.action().name(), a.actor(), a.at()))
                        .toList(),
                SagaTracing.traceIdOf(saga.traceParent()));
    }
}
