package io.orderly.inventory.product;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * Body of {@code POST /api/products}. The price limit keeps every order within order-service's
 * total column, NUMERIC(12, 2): 50 lines x 1000 units x 199999.99 = 9999999500.00 (a CHECK in
 * migration V3 holds it too). onHand, an INTEGER column, grows by restocks of at most 1000000.
 */
record CreateProductRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "must be 1 to 64 of A-Z, a-z, 0-9 and -") String sku,

        @NotNull @Size(min = 1, max = 200) String name,

        @NotNull @DecimalMin("0.01") @DecimalMax("199999.99") @Digits(integer = 6, fraction = 2) BigDecimal price,

        @NotNull @Min(0) @Max(1_000_000) Integer onHand) {}
