-- Issue 13: an Idempotency-Key belongs to the caller that sent it (its token's subject). The same
-- key from two customers is two requests; the primary key becomes (caller, key).
-- Runs on PostgreSQL 15 and on H2 in PostgreSQL mode, which name (and drop) a primary key
-- differently: the table is rebuilt rather than its key altered.
-- Rows written before callers were known get the customer of the order they created, the only
-- caller the body named (and, from now on, the only one allowed to order for it).

CREATE TABLE idempotency_keys_by_caller (
    caller          VARCHAR(255)             NOT NULL,
    idempotency_key VARCHAR(255)             NOT NULL,
    request_hash    VARCHAR(64)              NOT NULL,
    order_id        VARCHAR(64)              NOT NULL REFERENCES orders (id),
    response_status INTEGER,
    response_body   VARCHAR(100000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT idempotency_keys_caller_key_pk PRIMARY KEY (caller, idempotency_key)
);

INSERT INTO idempotency_keys_by_caller
    (caller, idempotency_key, request_hash, order_id, response_status, response_body, created_at)
SELECT o.customer_id, k.idempotency_key, k.request_hash, k.order_id, k.response_status, k.response_body,
       k.created_at
FROM idempotency_keys k
JOIN orders o ON o.id = k.order_id;

DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_by_caller RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
