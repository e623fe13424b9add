-- Orders, their sagas and the Idempotency-Keys that created them.
-- Runs on PostgreSQL 15 and on H2 in PostgreSQL mode: plain types, named CHECKs, no partial indexes.

CREATE TABLE orders (
    id             VARCHAR(64)              NOT NULL PRIMARY KEY,
    customer_id    VARCHAR(64)              NOT NULL,
    status         VARCHAR(16)              NOT NULL,
    failure_reason VARCHAR(32),
    total          NUMERIC(12, 2),
    currency       VARCHAR(3)               NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    version        BIGINT                   NOT NULL,
    CONSTRAINT orders_status_check CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
    CONSTRAINT orders_failure_reason_check CHECK (failure_reason IN
        ('INSUFFICIENT_STOCK', 'UNKNOWN_PRODUCT', 'INSUFFICIENT_FUNDS', 'UNKNOWN_CUSTOMER', 'TIMED_OUT')),
    CONSTRAINT orders_reason_iff_cancelled CHECK ((status = 'CANCELLED') = (failure_reason IS NOT NULL)),
    CONSTRAINT orders_total_check CHECK (total >= 0),
    CONSTRAINT orders_confirmed_is_priced CHECK (status <> 'CONFIRMED' OR total IS NOT NULL)
);
CREATE INDEX orders_created_at_idx ON orders (created_at);
CREATE INDEX orders_customer_created_at_idx ON orders (customer_id, created_at);
CREATE INDEX orders_status_created_at_idx ON orders (status, created_at);

CREATE TABLE order_lines (
    order_id   VARCHAR(64)    NOT NULL REFERENCES orders (id),
    sku        VARCHAR(64)    NOT NULL,
    quantity   INTEGER        NOT NULL,
    unit_price NUMERIC(12, 2),
    PRIMARY KEY (order_id, sku),
    CONSTRAINT order_lines_quantity_check CHECK (quantity BETWEEN 1 AND 1000),
    CONSTRAINT order_lines_unit_price_check CHECK (unit_price > 0)
);

CREATE TABLE sagas (
    order_id        VARCHAR(64)              NOT NULL PRIMARY KEY REFERENCES orders (id),
    state           VARCHAR(16)              NOT NULL,
    failure_reason  VARCHAR(32),
    deadline        TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner     VARCHAR(128),
    lease_until     TIMESTAMP WITH TIME ZONE,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE,
    version         BIGINT                   NOT NULL,
    CONSTRAINT sagas_state_check CHECK (state IN
        ('RESERVING', 'AUTHORIZING', 'CONFIRMING', 'COMPENSATING', 'CONFIRMED', 'CANCELLED')),
    CONSTRAINT sagas_failure_reason_check CHECK (failure_reason IN
        ('INSUFFICIENT_STOCK', 'UNKNOWN_PRODUCT', 'INSUFFICIENT_FUNDS', 'UNKNOWN_CUSTOMER', 'TIMED_OUT'))
);
-- The recovery worker's claim: due sagas by next_attempt_at.
CREATE INDEX sagas_next_attempt_at_idx ON sagas (next_attempt_at);
CREATE INDEX sagas_state_started_at_idx ON sagas (state, started_at);

CREATE TABLE saga_steps (
    order_id   VARCHAR(64)              NOT NULL REFERENCES sagas (order_id),
    step       VARCHAR(32)              NOT NULL,
    status     VARCHAR(16)              NOT NULL,
    attempts   INTEGER                  NOT NULL,
    last_error VARCHAR(500),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (order_id, step),
    CONSTRAINT saga_steps_step_check CHECK (step IN ('RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'CONFIRM_STOCK',
        'CAPTURE_PAYMENT', 'CANCEL_PAYMENT', 'CANCEL_RESERVATION')),
    CONSTRAINT saga_steps_status_check CHECK (status IN ('PENDING', 'RETRYING', 'SUCCEEDED', 'REFUSED')),
    CONSTRAINT saga_steps_attempts_check CHECK (attempts >= 0)
);

CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(255)             NOT NULL PRIMARY KEY,
    request_hash    VARCHAR(64)              NOT NULL,
    order_id        VARCHAR(64)              NOT NULL REFERENCES orders (id),
    response_status INTEGER,
    response_body   VARCHAR(100000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
