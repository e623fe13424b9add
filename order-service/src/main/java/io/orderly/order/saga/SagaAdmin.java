package io.orderly.order.saga;

import io.orderly.order.orders.SagaView;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an admin may do to a saga: list them, retry a parked or deferred one, compensate one still
 * before the point of no return. Each action is audited in its own transaction; the saga is then
 * due at once, and a recovery worker drives it.
 */
@Component
class SagaAdmin {

    private static final Logger log = LoggerFactory.getLogger(SagaAdmin.class);
    private static final int LIST_LIMIT = 100;

    private final SagaRepository sagas;
    private final SagaAuditRepository audit;
    private final SagaMetrics metrics;
    private final Clock clock;

    SagaAdmin(SagaRepository sagas, SagaAuditRepository audit, SagaMetrics metrics, Clock clock) {
        this.sagas = sagas;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A listed saga: its order id and its view. */
    record Listed(String orderId, SagaView saga) {}

    @Transactional(readOnly = true)
    public List<Listed> list(SagaState state) {
        Pageable first = Pageable.ofSize(LIST_LIMIT);
        List<Saga> found = state == null
                ? sagas.findAllByOrderByStartedAtDesc(first)
                : sagas.findByStateOrderByStartedAtDesc(state, first);
        Map<String, List<SagaAuditEntry>> entries =
                audit
                        .findByOrderIdInOrderByAtAscIdAsc(
                                found.stream().map(Saga::orderId).toList())
                        .stream()
                        .collect(Collectors.groupingBy(SagaAuditEntry::orderId));
        return found.stream()
                .map(saga -> new Listed(
                        saga.orderId(), SagaFacade.viewOf(saga, entries.getOrDefault(saga.orderId(), List.of()))))
                .toList();
    }

    @Transactional
    public void retry(String orderId, String actor) {
        act(orderId, actor, SagaAuditEntry.Action.RETRY);
    }

    @Transactional
    public void compensate(String orderId, String actor) {
        act(orderId, actor, SagaAuditEntry.Action.COMPENSATE);
    }

    private void act(String orderId, String actor, SagaAuditEntry.Action action) {
        Instant now = clock.instant();
        Saga saga = sagas.findWithOrder(orderId).orElseThrow(() -> new SagaNotFoundException(orderId));
        SagaState before = saga.state();
        try {
            switch (action) {
                case RETRY -> saga.retry(now);
                case COMPENSATE -> saga.compensateOnRequest(now);
            }
        } catch (IllegalSagaTransitionException e) {
            throw new SagaActionNotAllowedException(orderId, action, before);
        }
        audit.save(new SagaAuditEntry(orderId, action, actor, now));
        metrics.adminAction(action);
        log.warn("Saga {}: {} by {}: {} -> {}", orderId, action, actor, before, saga.state());
    }
}
