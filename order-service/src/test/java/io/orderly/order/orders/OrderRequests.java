package io.orderly.order.orders;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Small builder of POST /api/orders bodies for the web tests. */
final class OrderRequests {

    private OrderRequests() {}

    static String body(String customerId, String... lines) {
        String items = String.join(",", lines);
        return customerId == null
                ? "{\"items\":[" + items + "]}"
                : "{\"customerId\":\"" + customerId + "\",\"items\":[" + items + "]}";
    }

    static String line(String sku, Object quantity) {
        return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
    }

    static String aValidOrder() {
        return body("c-1", line("SKU-1", 2), line("SKU-2", 1));
    }

    static String[] distinctLines(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> line("SKU-" + i, 1))
                .toArray(String[]::new);
    }

    static String withLines(int count) {
        return body("c-1", distinctLines(count));
    }

    static String repeat(char c, int times) {
        return IntStream.range(0, times).mapToObj(i -> String.valueOf(c)).collect(Collectors.joining());
    }
}
