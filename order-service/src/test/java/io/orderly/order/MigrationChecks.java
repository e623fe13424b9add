package io.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
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
}
