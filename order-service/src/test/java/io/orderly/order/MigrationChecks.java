package io.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the migrations must leave on every database they run on (PostgreSQL and H2). */
final class MigrationChecks {

    private MigrationChecks() {}

    /** Every version applied; V2's states, reasons and audit table accepted, a parked saga without its state refused. */
    static void schemaTakesParkedSagas(Flyway flyway, JdbcTemplate jdbc) {
        assertThat(flyway.info().applied())
                .extracting(m -> m.getVersion().getVersion())
                .contains("1", "2");
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update(
                "INSERT INTO orders (id, customer_id, status, failure_reason, currency, created_at, updated_at, version)"
                        + " VALUES ('migration-cancelled', 'c-1', 'CANCELLED', 'PARTICIPANT_ERROR', 'EUR', ?, ?, 0)",
                now,
                now);
        jdbc.update(
                "INSERT INTO orders (id, customer_id, status, currency, created_at, updated_at, version)"
                        + " VALUES ('migration-parked', 'c-1', 'PENDING', 'EUR', ?, ?, 0)",
                now,
                now);
        jdbc.update(
                "INSERT INTO sagas (order_id, state, failure_reason, deadline, next_attempt_at, started_at, version,"
                        + " parked_in) VALUES ('migration-parked', 'NEEDS_ATTENTION', 'PARTICIPANT_ERROR', ?, ?, ?, 0,"
                        + " 'COMPENSATING')",
                now,
                now,
                now);
        jdbc.update(
                "INSERT INTO saga_audit (order_id, action, actor, acted_at) VALUES ('migration-parked', 'RETRY', 'x', ?)",
                now);
        jdbc.update(
                "INSERT INTO saga_audit (order_id, action, actor, acted_at) VALUES ('migration-parked', 'COMPENSATE', 'x', ?)",
                now);
        assertThat(jdbc.queryForObject(
                        "SELECT count(DISTINCT id) FROM saga_audit WHERE order_id = 'migration-parked'", Integer.class))
                .isEqualTo(2);
        // Last: on PostgreSQL a failed statement ends what the transaction may still do.
        assertThatThrownBy(() -> jdbc.update("UPDATE sagas SET parked_in = NULL WHERE order_id = 'migration-parked'"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    /** V3: an Idempotency-Key is unique per caller; two callers may each use it once. */
    static void idempotencyKeysBelongToTheirCaller(Flyway flyway, JdbcTemplate jdbc) {
        assertThat(flyway.info().applied())
                .extracting(m -> m.getVersion().getVersion())
                .contains("3");
        Timestamp now = Timestamp.from(Instant.now());
        for (String id : List.of("migration-key-1", "migration-key-2")) {
            jdbc.update(
                    "INSERT INTO orders (id, customer_id, status, currency, created_at, updated_at, version)"
                            + " VALUES (?, 'c-1', 'PENDING', 'EUR', ?, ?, 0)",
                    id,
                    now,
                    now);
        }
        String key = "INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, order_id, created_at)"
                + " VALUES (?, 'shared', 'h', ?, ?)";
        jdbc.update(key, "c-1", "migration-key-1", now);
        jdbc.update(key, "c-2", "migration-key-2", now);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM idempotency_keys WHERE idempotency_key = 'shared'", Integer.class))
                .isEqualTo(2);
        // Last: on PostgreSQL a failed statement ends what the transaction may still do.
        assertThatThrownBy(() -> jdbc.update(key, "c-1", "migration-key-2", now))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    /**
     * V3 on a database that has V2's keys: each existing key gets the customer of the order it
     * created as its caller, and keeps its answer.
     */
    static void existingKeysGetTheirOrdersCustomer(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).target("2").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update(
                "INSERT INTO orders (id, customer_id, status, currency, created_at, updated_at, version)"
                        + " VALUES ('before-v3', 'c-4', 'PENDING', 'EUR', ?, ?, 0)",
                now,
                now);
        jdbc.update(
                "INSERT INTO idempotency_keys (idempotency_key, request_hash, order_id, response_status,"
                        + " response_body, created_at) VALUES ('old-key', 'h', 'before-v3', 201, '{}', ?)",
                now);

        Flyway.configure().dataSource(dataSource).load().migrate();

        assertThat(
                        jdbc.queryForMap(
                                "SELECT caller, idempotency_key, order_id, response_status, response_body FROM idempotency_keys"))
                .containsEntry("caller", "c-4")
                .containsEntry("idempotency_key", "old-key")
                .containsEntry("order_id", "before-v3")
                .containsEntry("response_status", 201)
                .containsEntry("response_body", "{}");
        // The index the cleanup's delete uses came back with the rebuilt table.
        jdbc.update("DELETE FROM idempotency_keys WHERE created_at < ?", now);
    }
}
