package io.orderly.inventory.product;

import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public product API, served under the same /api paths the gateway exposes. */
@RestController
@RequestMapping(path = "/api/products", produces = MediaType.APPLICATION_JSON_VALUE)
class ProductController {

    /**
     * The highest page number the list accepts, as order-service's order list: with at most 100 a
     * page, the query offset (page x size) stays far below Integer.MAX_VALUE; a larger page is a 400.
     */
    static final int MAX_PAGE = 1_000_000;

    private final ProductService products;

    ProductController(ProductService products) {
        this.products = products;
    }

    /**
     * A page of products sorted by SKU, in the shape of order-service's order list:
     * {@code {content: [...], page: {size, number, totalElements, totalPages}}}.
     */
    @GetMapping
    @SecurityRequirements // public: no token needed
    PagedModel<ProductResponse> list(
            @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @RequestParam(defaultValue = "100") @Min(1) @Max(100) int size) {
        return new PagedModel<>(products.list(page, size));
    }

    @GetMapping("/{sku}")
    @SecurityRequirements // public: no token needed
    ProductResponse get(@PathVariable String sku) {
        return products.get(sku);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ProductResponse> create(@Valid @RequestBody CreateProductRequest request) {
        ProductResponse created = products.create(request);
        return ResponseEntity.created(URI.create("/api/products/" + created.sku()))
                .body(created);
    }

    @PostMapping(path = "/{sku}/restock", consumes = MediaType.APPLICATION_JSON_VALUE)
    ProductResponse restock(@PathVariable String sku, @Valid @RequestBody RestockRequest request) {
        return products.restock(sku, request.quantity());
    }
}
