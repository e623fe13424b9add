-- Accounts hold money; payments are the TCC fence rows, one per order id.
-- The CHECK constraints hold what must never happen, whatever the code does.

CREATE TABLE account (
    customer_id VARCHAR(64)    NOT NULL,
    balance     NUMERIC(12, 2) NOT NULL,
    held        NUMERIC(12, 2) NOT NULL DEFAULT 0,
    opened_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT account_pk PRIMARY KEY (customer_id),
    CONSTRAINT account_balance_not_negative CHECK (balance >= 0),
    CONSTRAINT account_held_not_negative CHECK (held >= 0),
    CONSTRAINT account_held_within_balance CHECK (held <= balance)
);

CREATE TABLE payment (
    order_id    VARCHAR(64)    NOT NULL,
    -- NULL only for a tombstone: a cancel that arrived before any authorization.
    customer_id VARCHAR(64),
    amount      NUMERIC(12, 2) NOT NULL,
    currency    VARCHAR(3)     NOT NULL,
    status      VARCHAR(16)    NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT payment_pk PRIMARY KEY (order_id),
    CONSTRAINT payment_account_fk FOREIGN KEY (customer_id) REFERENCES account (customer_id),
    CONSTRAINT payment_status_known CHECK (status IN ('AUTHORIZED', 'CAPTURED', 'CANCELLED')),
    CONSTRAINT payment_currency_eur CHECK (currency = 'EUR'),
    CONSTRAINT payment_amount_positive_or_tombstone CHECK (
        (customer_id IS NOT NULL AND amount > 0)
        OR (customer_id IS NULL AND amount = 0 AND status = 'CANCELLED'))
);

CREATE INDEX payment_customer_idx ON payment (customer_id);
