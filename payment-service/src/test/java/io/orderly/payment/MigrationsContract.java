package io.orderly.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the migrations must give on every database the service runs on (H2 and PostgreSQL). */
abstract class MigrationsContract {

    @Autowired
    Flyway flyway;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyMigrationIsApplied() {
        var info = flyway.info();

        assertThat(info.pending()).isEmpty();
        assertThat(Arrays.stream(info.applied()).map(m -> m.getVersion().getVersion()))
                .containsExactly("1", "2");
        assertThat(info.applied()).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);
    }

    @Test
    void demoCustomersHaveTenThousandEuroEach() {
        for (int n = 1; n <= 10; n++) {
            var row = jdbc.queryForMap("SELECT balance, held FROM account WHERE customer_id = ?", "c-" + n);
            assertThat(row.get("balance")).isEqualTo(new BigDecimal("10000.00"));
            assertThat(row.get("held")).isEqualTo(new BigDecimal("0.00"));
        }
    }

    @Test
    void checkConstraintsRefuseNegativeOrOverHeldMoney() {
        String insert = "INSERT INTO account (customer_id, balance, held) VALUES (?, ?, ?)";

        assertThatThrownBy(() -> jdbc.update(insert, "neg-balance", new BigDecimal("-0.01"), BigDecimal.ZERO))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(insert, "neg-held", BigDecimal.TEN, new BigDecimal("-0.01")))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(insert, "over-held", BigDecimal.TEN, new BigDecimal("10.01")))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM account WHERE customer_id IN (?, ?, ?)",
                        Long.class,
                        "neg-balance",
                        "neg-held",
                        "over-held"))
                .isZero();
    }

    @Test
    void checkConstraintsRefuseAPaymentWithoutAmountOrOutsideEuro() {
        String insert = "INSERT INTO payment (order_id, customer_id, amount, currency, status, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";

        assertThatThrownBy(() -> jdbc.update(insert, "zero", "c-1", BigDecimal.ZERO, "EUR", "AUTHORIZED"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(insert, "usd", "c-1", BigDecimal.TEN, "USD", "AUTHORIZED"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(insert, "odd", "c-1", BigDecimal.TEN, "EUR", "PENDING"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(insert, "no-customer", null, BigDecimal.TEN, "EUR", "AUTHORIZED"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM payment WHERE order_id IN (?, ?, ?, ?)",
                        Long.class,
                        "zero",
                        "usd",
                        "odd",
                        "no-customer"))
                .isZero();
    }
}
