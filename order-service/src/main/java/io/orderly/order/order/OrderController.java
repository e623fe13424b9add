package io.orderly.order.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The public order API: place an order (idempotently), read one, list a page. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping
    ResponseEntity<OrderResponse> place(
            @RequestHeader(IDEMPOTENCY_KEY)
                    @Size(min = 1, max = 255) @Pattern(regexp = "[\\x20-\\x7E]*", message = "must be printable ASCII") String idempotencyKey,
            @Valid @RequestBody PlaceOrderRequest request) {
        PlacedOrder placed = orders.place(idempotencyKey, request);
        var response = ResponseEntity.status(placed.status())
                .location(URI.create("/api/orders/" + placed.order().id()));
        if (placed.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.body(placed.order());
    }

    @GetMapping("/{id}")
    OrderResponse get(@PathVariable String id) {
        return orders.find(id);
    }

    @GetMapping
    PagedModel<OrderResponse> list(
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return new PagedModel<>(orders.list(customerId, status, page, size));
    }
}
