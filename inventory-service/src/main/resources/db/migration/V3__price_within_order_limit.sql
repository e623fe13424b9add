-- Issue 13: no order that the APIs accept may cost more than order-service's orders.total
-- NUMERIC(12, 2) holds (9999999999.99). An order has at most 50 lines of at most 1000 units, so a
-- unit price is at most 199999.99 (50 x 1000 x 199999.99 = 9999999500.00). A dearer product made
-- such an order fail to be written after its stock was reserved, and it stayed PENDING until
-- TIMED_OUT. POST /api/products refuses such a price with a 400; this CHECK holds it whatever the
-- code does. Runs on PostgreSQL 15 and on H2 in PostgreSQL mode.
ALTER TABLE product ADD CONSTRAINT product_price_within_order_limit CHECK (price <= 199999.99);
