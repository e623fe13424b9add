package io.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.annotation.Transactional;

/** The service boots on its embedded H2 default: migrations apply, the schema validates (metrics: ActuatorTest). */
@SpringBootTest
class OrderServiceApplicationTest {

    @Test
    void migrationsRunOnTheEmbeddedH2Database(@Autowired Flyway flyway) {
        assertThat(flyway.info().applied())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getState().isApplied()).isTrue());
        assertThat(flyway.info().pending()).isEmpty();
    }

    @Test
    @Transactional
    void migrationsTakeParkedSagasAndTheirAudit(@Autowired Flyway flyway, @Autowired JdbcTemplate jdbc) {
        MigrationChecks.schemaTakesParkedSagas(flyway, jdbc);
    }

    @Test
    @Transactional
    void migrationsScopeIdempotencyKeysToTheirCaller(@Autowired Flyway flyway, @Autowired JdbcTemplate jdbc) {
        MigrationChecks.idempotencyKeysBelongToTheirCaller(flyway, jdbc);
    }

    @Test
    void theIdempotencyKeyMigrationKeepsExistingKeysUnderTheirOrdersCustomer() {
        SingleConnectionDataSource database = new SingleConnectionDataSource(
                "jdbc:h2:mem:upgradetov3;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", true);
        try {
            MigrationChecks.existingKeysGetTheirOrdersCustomer(database);
        } finally {
            database.destroy();
        }
    }
}
