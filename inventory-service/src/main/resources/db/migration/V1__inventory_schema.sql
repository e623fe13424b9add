-- Products and their stock. The CHECKs hold what must never happen, whatever the code does.
CREATE TABLE product (
    sku        VARCHAR(64)              NOT NULL,
    name       VARCHAR(200)             NOT NULL,
    price      NUMERIC(12, 2)           NOT NULL,
    on_hand    INTEGER                  NOT NULL,
    reserved   INTEGER                  NOT NULL DEFAULT 0,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT product_pk PRIMARY KEY (sku),
    CONSTRAINT product_price_positive CHECK (price > 0),
    CONSTRAINT product_on_hand_not_negative CHECK (on_hand >= 0),
    CONSTRAINT product_reserved_not_negative CHECK (reserved >= 0),
    CONSTRAINT product_reserved_within_on_hand CHECK (on_hand >= reserved)
);

-- The TCC fence: one row per order id, written in the same transaction as the stock change.
-- A cancel that comes first writes a CANCELLED row with no lines (a tombstone).
CREATE TABLE reservation (
    order_id   VARCHAR(64)              NOT NULL,
    status     VARCHAR(16)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT reservation_pk PRIMARY KEY (order_id),
    CONSTRAINT reservation_status_known CHECK (status IN ('RESERVED', 'CONFIRMED', 'CANCELLED'))
);

CREATE TABLE reservation_line (
    order_id   VARCHAR(64)    NOT NULL,
    sku        VARCHAR(64)    NOT NULL,
    quantity   INTEGER        NOT NULL,
    unit_price NUMERIC(12, 2) NOT NULL,
    CONSTRAINT reservation_line_pk PRIMARY KEY (order_id, sku),
    CONSTRAINT reservation_line_reservation_fk FOREIGN KEY (order_id) REFERENCES reservation (order_id),
    CONSTRAINT reservation_line_product_fk FOREIGN KEY (sku) REFERENCES product (sku),
    CONSTRAINT reservation_line_quantity_positive CHECK (quantity > 0),
    CONSTRAINT reservation_line_unit_price_positive CHECK (unit_price > 0)
);
