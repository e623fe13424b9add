package io.orderly.payment;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every account and payment row, to prove that a refused request wrote nothing. */
record LedgerSnapshot(List<Map<String, Object>> accounts, List<Map<String, Object>> payments) {

    static LedgerSnapshot take(JdbcTemplate jdbc) {
        return new LedgerSnapshot(
                jdbc.queryForList("SELECT customer_id, balance, held FROM account ORDER BY customer_id"),
                jdbc.queryForList("SELECT order_id, customer_id, amount, status FROM payment ORDER BY order_id"));
    }
}
