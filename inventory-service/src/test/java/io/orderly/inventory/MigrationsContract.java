package io.orderly.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the Flyway migrations must give on every database the service runs on; run once on the
 * embedded H2 and once on PostgreSQL by the subclasses.
 */
abstract class MigrationsContract {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyMigrationIsApplied() {
        List<Map<String, Object>> history = jdbc.queryForList(
                "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"
                        + " ORDER BY \"installed_rank\"");

        assertThat(history).extracting(row -> row.get("version")).containsExactly("1", "2", "3");
        assertThat(history).extracting(row -> row.get("success")).containsOnly(true);
    }

    @Test
    void demoProductsAreLoaded() {
        for (int n = 1; n <= 10; n++) {
            Map<String, Object> product =
                    jdbc.queryForMap("SELECT name, price, on_hand, reserved FROM product WHERE sku = ?", "SKU-" + n);

            assertThat(product.get("name")).isEqualTo("Demo product " + n);
            assertThat((BigDecimal) product.get("price"))
                    .isEqualTo(new BigDecimal("2.50").multiply(BigDecimal.valueOf(n)));
            assertThat(product.get("on_hand")).isEqualTo(1000);
            assertThat(product.get("reserved")).isEqualTo(0);
        }
    }

    @Test
    void theDatabaseRefusesNegativeStockAndOverReservation() {
        jdbc.update("INSERT INTO product (sku, name, price, on_hand, reserved, created_at, updated_at)"
                + " VALUES ('CHECK-ME', 'Check', 1.00, 5, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        try {
            assertThatThrownBy(() -> jdbc.update("UPDATE product SET on_hand = -1 WHERE sku = 'CHECK-ME'"))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> jdbc.update("UPDATE product SET reserved = -1 WHERE sku = 'CHECK-ME'"))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> jdbc.update("UPDATE product SET reserved = 6 WHERE sku = 'CHECK-ME'"))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> jdbc.update("UPDATE product SET price = 0 WHERE sku = 'CHECK-ME'"))
                    .isInstanceOf(DataIntegrityViolationException.class);
            // 50 lines x 1000 units at this price would not fit an order's total.
            assertThatThrownBy(() -> jdbc.update("UPDATE product SET price = 200000.00 WHERE sku = 'CHECK-ME'"))
                    .isInstanceOf(DataIntegrityViolationException.class);
            jdbc.update("UPDATE product SET price = 199999.99 WHERE sku = 'CHECK-ME'");
            assertThatThrownBy(() -> jdbc.update("INSERT INTO reservation (order_id, status, created_at, updated_at)"
                            + " VALUES ('check-me', 'LOST', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThat(jdbc.queryForMap("SELECT on_hand, reserved FROM product WHERE sku = 'CHECK-ME'"))
                    .containsEntry("on_hand", 5)
                    .containsEntry("reserved", 0);
        } finally {
            jdbc.update("DELETE FROM product WHERE sku = 'CHECK-ME'");
        }
    }
}
