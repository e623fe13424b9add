package io.orderly.order.orders;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import tools.jackson.databind.json.JsonMapper;

/** Builds POST /api/orders bodies for the web tests, written by the JSON mapper. */
final class OrderRequests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OrderRequests() {}

    /** A body with these lines; a null customer id is left out. */
    @SafeVarargs
    static String body(String customerId, Map<String, Object>... lines) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (customerId != null) {
            body.put("customerId", customerId);
        }
        body.put("items", Arrays.asList(lines));
        return JSON.writeValueAsString(body);
    }

    static String bodyWithoutItems(String customerId) {
        return JSON.writeValueAsString(Map.of("customerId", customerId));
    }

    /** One line; a null SKU or quantity is left out, and a quantity may be of any JSON type. */
    static Map<String, Object> line(String sku, Object quantity) {
        Map<String, Object> line = new LinkedHashMap<>();
        if (sku != null) {
            line.put("sku", sku);
        }
        if (quantity != null) {
            line.put("quantity", quantity);
        }
        return line;
    }

    static String aValidOrder() {
        return body("c-1", line("SKU-1", 2), line("SKU-2", 1));
    }

    /** The same order as {@link #aValidOrder()}, its lines the other way round. */
    static String aValidOrderReordered() {
        return body("c-1", line("SKU-2", 1), line("SKU-1", 2));
    }

    @SuppressWarnings("unchecked")
    static String withLines(int count) {
        List<Map<String, Object>> lines = IntStream.rangeClosed(1, count)
                .mapToObj(i -> line("SKU-" + i, 1))
                .toList();
        return body("c-1", lines.toArray(Map[]::new));
    }

    static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }
}
