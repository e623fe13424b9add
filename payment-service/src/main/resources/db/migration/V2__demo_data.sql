-- Demo customers c-1..c-10 (architecture.md): a migration, so it runs once per database
-- however many instances start.
INSERT INTO account (customer_id, balance, held) VALUES
    ('c-1', 10000.00, 0.00),
    ('c-2', 10000.00, 0.00),
    ('c-3', 10000.00, 0.00),
    ('c-4', 10000.00, 0.00),
    ('c-5', 10000.00, 0.00),
    ('c-6', 10000.00, 0.00),
    ('c-7', 10000.00, 0.00),
    ('c-8', 10000.00, 0.00),
    ('c-9', 10000.00, 0.00),
    ('c-10', 10000.00, 0.00);
