package io.orderly.order.saga;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One step of a saga and what came of it. */
@Embeddable
class SagaStep {

    private static final int MAX_ERROR_LENGTH = 500;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    // Written through the saga's map key (the same column); read here so a step knows its name.
    @Column(name = "step", nullable = false, length = 32, insertable = false, updatable = false)
    private Step step;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "status", nullable = false, length = 16)
    private StepStatus status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    /** Attempts answered with something the protocol does not expect; reset by an admin retry. */
    @Column(name = "unexpected_attempts", nullable = false)
    private int unexpectedAttempts;

    @Column(name = "last_error", length = MAX_ERROR_LENGTH)
    private String lastError;

    @Column(name = "updated_at", nullable = false)
    private Instant at;

    protected SagaStep() {}

    SagaStep(Step step, Instant now) {
        this.step = step;
        this.status = StepStatus.PENDING;
        this.at = now;
    }

    void record(StepStatus outcome, String error, Instant now) {
        status = outcome;
        attempts++;
        lastError = error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
        at = now;
    }

    /** The call got an answer the protocol does not expect: counted apart from unknown outcomes. */
    void recordUnexpected(String error, Instant now) {
        record(StepStatus.RETRYING, error, now);
        unexpectedAttempts++;
    }

    void resetUnexpected() {
        unexpectedAttempts = 0;
    }

    public int unexpectedAttempts() {
        return unexpectedAttempts;
    }

    public Step step() {
        return step;
    }

    public StepStatus status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public Instant at() {
        return at;
    }

    boolean succeeded() {
        return status == StepStatus.SUCCEEDED;
    }
}
