package io.orderly.order.orders;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The body of POST /api/orders. The customer is the caller (its token's subject); {@code customerId}
 * may be left out, and when given must name the caller. With at most 50 lines of at most 1000 units, and inventory's prices
 * at most 199999.99, no order's total passes 9999999500.00, which orders.total NUMERIC(12, 2) holds.
 */
record PlaceOrderRequest(
        @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "must be 1 to 64 letters, digits or '-'") String customerId,

        @NotNull @Size(min = 1, max = 50) @DistinctSkus List<@NotNull @Valid Item> items) {

    /** One line: a SKU and how many. */
    record Item(
            @NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "must be 1 to 64 letters, digits or '-'") String sku,

            @NotNull @Min(1) @Max(1000) Integer quantity) {}

    /** This request for the given customer (the caller). */
    PlaceOrderRequest forCustomer(String customer) {
        return new PlaceOrderRequest(customer, items);
    }

    /** The request in a form that does not depend on line order or JSON formatting, for the key's fingerprint. */
    String canonical() {
        return customerId + "|"
                + items.stream()
                        .sorted(Comparator.comparing(Item::sku))
                        .map(i -> i.sku() + "x" + i.quantity())
                        .collect(Collectors.joining(","));
    }
}
