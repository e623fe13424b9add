package io.orderly.inventory;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Everything the inventory stores, read at one moment, to prove that a refused request wrote nothing. */
public record DatabaseSnapshot(
        List<Map<String, Object>> products, List<Map<String, Object>> reservations, List<Map<String, Object>> lines) {

    public static DatabaseSnapshot of(JdbcTemplate jdbc) {
        return new DatabaseSnapshot(
                jdbc.queryForList("SELECT sku, name, price, on_hand, reserved, updated_at FROM product ORDER BY sku"),
                jdbc.queryForList("SELECT order_id, status, updated_at FROM reservation ORDER BY order_id"),
                jdbc.queryForList("SELECT order_id, sku, quantity FROM reservation_line ORDER BY order_id, sku"));
    }
}
