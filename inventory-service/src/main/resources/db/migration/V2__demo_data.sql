-- Demo products SKU-1..SKU-10 (architecture.md): "Demo product n", price n * 2.50, 1000 on hand.
-- A migration runs once per database, however many instances start.
INSERT INTO product (sku, name, price, on_hand, reserved, created_at, updated_at) VALUES
    ('SKU-1',  'Demo product 1',  2.50,  1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-2',  'Demo product 2',  5.00,  1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-3',  'Demo product 3',  7.50,  1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-4',  'Demo product 4',  10.00, 1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-5',  'Demo product 5',  12.50, 1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-6',  'Demo product 6',  15.00, 1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-7',  'Demo product 7',  17.50, 1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-8',  'Demo product 8',  20.00, 1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-9',  'Demo product 9',  22.50, 1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('SKU-10', 'Demo product 10', 25.00, 1000, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
