package io.orderly.order.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/**
 * One Idempotency-Key: the fingerprint of the request that first used it, the order it created,
 * and, once the first request has answered, that answer. Always inserted, never merged, so that
 * the primary key decides between two requests racing with one key.
 */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyRecord implements Persistable<String> {

    @Id
    @Column(name = "idempotency_key", length = 255)
    private String key;

    @Column(name = "request_hash", nullable = false, length = 64)
    private String requestHash;

    @Column(name = "order_id", nullable = false, length = 64)
    private String orderId;

    @Column(name = "response_status")
    private Integer responseStatus;

    @Column(name = "response_body", length = 100_000)
    private String responseBody;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Transient
    private boolean isNew;

    protected IdempotencyRecord() {}

    IdempotencyRecord(String key, String requestHash, String orderId, Instant now) {
        this.key = key;
        this.requestHash = requestHash;
        this.orderId = orderId;
        this.createdAt = now;
        this.isNew = true;
    }

    void answered(int status, String body) {
        this.responseStatus = status;
        this.responseBody = body;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
    }

    @Override
    public String getId() {
        return key;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    String requestHash() {
        return requestHash;
    }

    String orderId() {
        return orderId;
    }

    Integer responseStatus() {
        return responseStatus;
    }

    String responseBody() {
        return responseBody;
    }

    Instant createdAt() {
        return createdAt;
    }
}
