package io.orderly.order.saga;

import io.orderly.order.order.FailureReason;
import io.orderly.order.order.Order;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.MapKeyEnumerated;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.MapKeyJdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The saga of one order, as a state machine over {@link SagaState} with the steps it has taken.
 * Keyed by the order id, which is also the id every participant sees. A lease (owner, until) says
 * which instance drives it; {@code nextAttemptAt} says when a deferred saga is due again.
 */
@Entity
@Table(name = "sagas")
public class Saga {

    @Id
    @Column(name = "order_id")
    private String orderId;

    @MapsId
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_id")
    private Order order;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private SagaState state;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "failure_reason", length = 32)
    private FailureReason failureReason;

    @Column(nullable = false)
    private Instant deadline;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "lease_owner", length = 128)
    private String leaseOwner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Version
    private Long version;

    /**
     * Keyed by step (the table's key is order_id + step), so that recording one outcome updates one
     * row: Hibernate rewrites an unkeyed element collection (delete all, insert all) on any change.
     */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "saga_steps", joinColumns = @JoinColumn(name = "order_id"))
    @MapKeyColumn(name = "step", length = 32)
    @MapKeyEnumerated(EnumType.STRING)
    @MapKeyJdbcTypeCode(SqlTypes.VARCHAR)
    private Map<Step, SagaStep> steps = new EnumMap<>(Step.class);

    protected Saga() {}

    /** A saga about to reserve stock, leased to the instance that will drive it right away. */
    public static Saga start(Order order, Instant deadline, String owner, Instant leaseUntil, Instant now) {
        Saga saga = new Saga();
        saga.order = order;
        saga.orderId = order.id();
        saga.state = SagaState.RESERVING;
        saga.deadline = deadline;
        saga.nextAttemptAt = now;
        saga.leaseOwner = owner;
        saga.leaseUntil = leaseUntil;
        saga.startedAt = now;
        saga.add(new SagaStep(Step.RESERVE_STOCK, now));
        return saga;
    }

    void stockReserved(Instant now) {
        require(SagaState.RESERVING, "stock reserved");
        step(Step.RESERVE_STOCK).record(StepStatus.SUCCEEDED, null, now);
        state = SagaState.AUTHORIZING;
        add(new SagaStep(Step.AUTHORIZE_PAYMENT, now));
        nextAttemptAt = now;
    }

    void paymentAuthorized(Instant now) {
        require(SagaState.AUTHORIZING, "payment authorized");
        step(Step.AUTHORIZE_PAYMENT).record(StepStatus.SUCCEEDED, null, now);
        state = SagaState.CONFIRMING;
        add(new SagaStep(Step.CONFIRM_STOCK, now));
        add(new SagaStep(Step.CAPTURE_PAYMENT, now));
        nextAttemptAt = now;
    }

    /** A try step was refused for a business reason: compensate what may have been done. */
    void refused(Step step, FailureReason reason, String detail, Instant now) {
        if (!state.isTrying() || currentStep().orElse(null) != step) {
            throw new IllegalSagaTransitionException(orderId, state, step + " refused");
        }
        step(step).record(StepStatus.REFUSED, detail, now);
        compensate(reason, now);
    }

    /** The try steps did not finish before the deadline. */
    void timedOut(Instant now) {
        if (!state.isTrying()) {
            throw new IllegalSagaTransitionException(orderId, state, "timed out");
        }
        compensate(FailureReason.TIMED_OUT, now);
    }

    /**
     * Cancels in reverse order every try that was begun, including one whose outcome is unknown
     * (cancel accepts ids it has never seen and leaves a tombstone that blocks a late try).
     */
    private void compensate(FailureReason reason, Instant now) {
        failureReason = reason;
        state = SagaState.COMPENSATING;
        if (find(Step.AUTHORIZE_PAYMENT).isPresent()) {
            add(new SagaStep(Step.CANCEL_PAYMENT, now));
        }
        add(new SagaStep(Step.CANCEL_RESERVATION, now));
        nextAttemptAt = now;
    }

    /** A confirm, capture or cancel succeeded; the saga ends when the last of them has. */
    void stepSucceeded(Step step, Instant now) {
        if (state != SagaState.CONFIRMING && state != SagaState.COMPENSATING
                || currentStep().orElse(null) != step) {
            throw new IllegalSagaTransitionException(orderId, state, step + " succeeded");
        }
        step(step).record(StepStatus.SUCCEEDED, null, now);
        nextAttemptAt = now;
        if (currentStep().isPresent()) {
            return;
        }
        if (state == SagaState.CONFIRMING) {
            state = SagaState.CONFIRMED;
            order.confirm(now);
        } else {
            state = SagaState.CANCELLED;
            order.cancel(failureReason, now);
        }
        finishedAt = now;
        release();
    }

    /** The step's outcome is unknown (or unexpected): try it again at {@code next}, by any instance. */
    void deferred(Step step, String error, Instant next, Instant now) {
        if (currentStep().orElse(null) != step) {
            throw new IllegalSagaTransitionException(orderId, state, step + " deferred");
        }
        step(step).record(StepStatus.RETRYING, error, now);
        nextAttemptAt = next;
        release();
    }

    /** The step to call next, or empty once the saga is over. */
    Optional<Step> currentStep() {
        return switch (state) {
            case RESERVING -> Optional.of(Step.RESERVE_STOCK);
            case AUTHORIZING -> Optional.of(Step.AUTHORIZE_PAYMENT);
            case CONFIRMING, COMPENSATING ->
                steps.values().stream()
                        .filter(s -> !s.succeeded() && isForwardOrBackward(s.step()))
                        .map(SagaStep::step)
                        .min(Comparator.naturalOrder());
            case CONFIRMED, CANCELLED -> Optional.empty();
        };
    }

    private boolean isForwardOrBackward(Step step) {
        return state == SagaState.CONFIRMING
                ? step == Step.CONFIRM_STOCK || step == Step.CAPTURE_PAYMENT
                : step == Step.CANCEL_PAYMENT || step == Step.CANCEL_RESERVATION;
    }

    boolean leasedBy(String owner) {
        return owner.equals(leaseOwner);
    }

    /** Takes or renews the lease; used by the recovery worker's claim and by every transition. */
    void lease(String owner, Instant until) {
        leaseOwner = owner;
        leaseUntil = until;
    }

    private void release() {
        leaseOwner = null;
        leaseUntil = null;
    }

    boolean pastDeadline(Instant now) {
        return now.isAfter(deadline);
    }

    private void require(SagaState expected, String what) {
        if (state != expected) {
            throw new IllegalSagaTransitionException(orderId, state, what);
        }
    }

    SagaStep step(Step step) {
        return find(step).orElseThrow(() -> new IllegalSagaTransitionException(orderId, state, "unknown step " + step));
    }

    private Optional<SagaStep> find(Step step) {
        return Optional.ofNullable(steps.get(step));
    }

    private void add(SagaStep step) {
        steps.put(step.step(), step);
    }

    public String orderId() {
        return orderId;
    }

    public Order order() {
        return order;
    }

    public SagaState state() {
        return state;
    }

    public FailureReason failureReason() {
        return failureReason;
    }

    public Instant deadline() {
        return deadline;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String leaseOwner() {
        return leaseOwner;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    /** The steps in the order the saga takes them. */
    public List<SagaStep> steps() {
        List<SagaStep> sorted = new ArrayList<>(steps.values());
        sorted.sort(Comparator.comparing(SagaStep::step));
        return Collections.unmodifiableList(sorted);
    }
}
