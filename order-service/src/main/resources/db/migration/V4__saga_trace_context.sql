-- Issue 15: the trace of the request that placed the order, as a W3C traceparent
-- ("00-<trace id>-<span id>-<flags>", 55 characters), so that every later drive of the saga (the
-- recovery worker, on any instance, after a retry or a crash) is traced under the order's trace.
-- Null for a saga begun outside a trace. Runs on PostgreSQL 15 and on H2 in PostgreSQL mode.

ALTER TABLE sagas ADD COLUMN trace_parent VARCHAR(64);
