package io.orderly.order.saga;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One admin action on a saga: what, by whom, when. Written in the transaction that acts. */
@Entity
@Table(name = "saga_audit")
class SagaAuditEntry {

    /** What an admin can do to a saga. */
    enum Action {
        RETRY,
        COMPENSATE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "order_id", nullable = false, length = 64)
    private String orderId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private Action action;

    @Column(nullable = false, length = 128)
    private String actor;

    @Column(name = "acted_at", nullable = false)
    private Instant at;

    protected SagaAuditEntry() {}

    SagaAuditEntry(String orderId, Action action, String actor, Instant at) {
        this.orderId = orderId;
        this.action = action;
        this.actor = actor;
        this.at = at;
    }

    String orderId() {
        return orderId;
    }

    Action action() {
        return action;
    }

    String actor() {
        return actor;
    }

    Instant at() {
        return at;
    }
}
