package io.orderly.order.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.springframework.data.domain.Persistable;

/**
 * One Idempotency-Key of one caller (keys are scoped to the caller, the token's subject): the fingerprint of the request that first used it, the order it created,
 * and, once the first request has answered, that answer. Always inserted, never merged, so that
 * the primary key decides between two requests racing with one key.
 */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyRecord implements Persistable<IdempotencyRecord.Key> {

    @EmbeddedId
    private Key id;

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

    IdempotencyRecord(Key id, String requestHash, String orderId, Instant now) {
        this.id = id;
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
    public Key getId() {
        return id;
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

    /** Who used the key (the token's subject) and the key. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "caller", length = 255)
        private String caller;

        @Column(name = "idempotency_key", length = 255)
        private String key;

        protected Key() {}

        Key(String caller, String key) {
            this.caller = caller;
            this.key = key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && caller.equals(that.caller) && key.equals(that.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(caller, key);
        }
    }
}
