package io.orderly.inventory.reservation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Body of {@code PUT /reservations/{orderId}}: 1 to 50 items, a SKU at most once. */
record ReserveRequest(
        @NotNull @Size(min = 1, max = 50) @DistinctSkus List<@NotNull @Valid Item> items) {

    record Item(
            @NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "must be 1 to 64 of A-Z, a-z, 0-9 and -") String sku,

            @NotNull @Min(1) @Max(1000) Integer quantity) {}

    /** Quantity per SKU; valid only once the request has passed validation. */
    SortedMap<String, Integer> quantities() {
        SortedMap<String, Integer> quantities = new TreeMap<>();
        items.forEach(item -> quantities.put(item.sku(), item.quantity()));
        return quantities;
    }
}
