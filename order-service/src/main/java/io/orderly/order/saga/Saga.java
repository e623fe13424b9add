package io.orderly.order.saga;

import io.orderly.order.orders.FailureReason;
import io.orderly.order.orders.Order;
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
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
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
import org.springframework.data.domain.Persistable;

/**
 * The saga of one order, as a state machine over {@link SagaState} with the steps it has taken.
 * Keyed by the order id, which is also the id every participant sees. A lease (owner, until) says
 * which instance drives it; {@code nextAttemptAt} says when a deferred saga is due again. What
 * comes after each step is the saga definition's ({@link OrderSaga}); this class keeps the record.
 */
@Entity
@Table(name = "sagas")
class Saga implements Persistable<String> {

    private static final SagaDefinition DEFINITION = OrderSaga.DEFINITION;

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

    /** The state a parked (NEEDS_ATTENTION) saga was in, restored by an admin retry. */
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "parked_in", length = 16)
    private SagaState parkedIn;

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

    /** The placing request's trace context (W3C traceparent), under which every drive is traced. */
    @Column(name = "trace_parent", length = 64, updatable = false)
    private String traceParent;

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

    @Transient
    private boolean isNew;

    protected Saga() {}

    /** A saga about to take its first step, leased to the instance that will drive it right away. */
    public static Saga start(
            Order order, Instant deadline, String owner, Instant leaseUntil, Instant now, String traceParent) {
        Saga saga = new Saga();
        saga.traceParent = traceParent;
        saga.order = order;
        saga.orderId = order.id();
        saga.state = DEFINITION.firstState();
        saga.deadline = deadline;
        saga.nextAttemptAt = now;
        saga.leaseOwner = owner;
        saga.leaseUntil = leaseUntil;
        saga.startedAt = now;
        saga.isNew = true;
        saga.add(new SagaStep(DEFINITION.firstStep(), now));
        return saga;
    }

    /**
     * The current step succeeded: after a try comes the next try, after the last try every forward
     * step (the point of no return); the saga ends when the last forward step or compensation has.
     */
    void succeeded(Step step, Instant now) {
        requireCurrent(step, "succeeded");
        step(step).record(StepStatus.SUCCEEDED, null, now);
        nextAttemptAt = now;
        if (isTrying()) {
            Optional<Step> next = DEFINITION.nextTry(step);
            if (next.isPresent()) {
                state = DEFINITION.stateOf(next.get());
                add(new SagaStep(next.get(), now));
            } else {
                state = SagaState.CONFIRMING;
                DEFINITION.forwardSteps().forEach(forward -> add(new SagaStep(forward, now)));
            }
        } else if (currentStep().isEmpty()) {
            finish(now);
        }
    }

    /** A try step was refused for a business reason: compensate what may have been done. */
    void refused(Step step, FailureReason reason, String detail, Instant now) {
        if (!isTrying() || currentStep().orElse(null) != step) {
            throw new IllegalSagaTransitionException(orderId, state, step + " refused");
        }
        step(step).record(StepStatus.REFUSED, detail, now);
        compensate(reason, now);
    }

    /** The try steps did not finish before the deadline. */
    void timedOut(Instant now) {
        if (!isTrying()) {
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
        DEFINITION.compensationsOf(steps::containsKey).forEach(step -> add(new SagaStep(step, now)));
        nextAttemptAt = now;
    }

    private void finish(Instant now) {
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
        requireCurrent(step, "deferred");
        step(step).record(StepStatus.RETRYING, error, now);
        nextAttemptAt = next;
        release();
    }

    /**
     * The current step got an answer the protocol does not expect. Below {@code maxUnexpected} such
     * answers it is tried again at {@code next}, like an unknown outcome. At the bound a try
     * step compensates with PARTICIPANT_ERROR; a forward step or a compensation parks the saga.
     */
    void unexpected(Step step, String error, int maxUnexpected, Instant next, Instant now) {
        requireCurrent(step, "unexpected answer");
        SagaStep current = step(step);
        current.recordUnexpected(error, now);
        if (current.unexpectedAttempts() < maxUnexpected) {
            nextAttemptAt = next;
            release();
        } else if (isTrying()) {
            compensate(FailureReason.PARTICIPANT_ERROR, now);
        } else {
            parkedIn = state;
            state = SagaState.NEEDS_ATTENTION;
            nextAttemptAt = now;
            release();
        }
    }

    /**
     * An admin asks to try again now: a parked saga resumes from its parked step, a deferred one is
     * due at once; either way the current step's count of unexpected answers starts over.
     */
    void retry(Instant now) {
        if (state == SagaState.NEEDS_ATTENTION) {
            state = parkedIn;
            parkedIn = null;
        } else if (state.isFinal() || !nextAttemptAt.isAfter(now)) {
            throw new IllegalSagaTransitionException(orderId, state, "retry (neither parked nor deferred)");
        }
        currentStep().map(this::step).ifPresent(SagaStep::resetUnexpected);
        nextAttemptAt = now;
        release();
    }

    /** An admin gives up on a saga still before the point of no return: compensate with PARTICIPANT_ERROR. */
    void compensateOnRequest(Instant now) {
        if (!isTrying()) {
            throw new IllegalSagaTransitionException(orderId, state, "compensate (past its try steps)");
        }
        compensate(FailureReason.PARTICIPANT_ERROR, now);
        release();
    }

    /** Parked until an admin retries it. */
    boolean isParked() {
        return state == SagaState.NEEDS_ATTENTION;
    }

    /** The step to call next, or empty once the saga is over or parked. */
    Optional<Step> currentStep() {
        if (state.isFinal() || isParked()) {
            return Optional.empty();
        }
        if (isTrying()) {
            return Optional.of(DEFINITION.tryStepIn(state));
        }
        List<Step> phase = state == SagaState.CONFIRMING ? DEFINITION.forwardSteps() : DEFINITION.compensations();
        return phase.stream()
                .filter(step -> find(step).filter(s -> !s.succeeded()).isPresent())
                .findFirst();
    }

    /** Still taking its try steps: it can be refused, time out, and be compensated. */
    boolean isTrying() {
        return DEFINITION.isTrying(state);
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

    private void requireCurrent(Step step, String what) {
        if (currentStep().orElse(null) != step) {
            throw new IllegalSagaTransitionException(orderId, state, step + " " + what);
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

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
    }

    @Override
    public String getId() {
        return orderId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    public String orderId() {
        return orderId;
    }

    String traceParent() {
        return traceParent;
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

    public SagaState parkedIn() {
        return parkedIn;
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
        sorted.sort(Comparator.comparingInt(s -> DEFINITION.position(s.step())));
        return Collections.unmodifiableList(sorted);
    }
}
