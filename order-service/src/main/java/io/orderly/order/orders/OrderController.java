package io.orderly.order.orders;

import io.orderly.order.idempotency.IdempotentRequests;
import io.orderly.order.idempotency.IdempotentRequests.Answer;
import io.orderly.order.idempotency.IdempotentRequests.FirstRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
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

    /**
     * The highest page number a list accepts. The offset (page x size) becomes an int query offset,
     * so an unbounded page (page=2147483647) overflowed it and answered 500; with at most 100 a page,
     * 1,000,000 keeps the offset under 10^8 and any larger page is a 400 validation problem.
     */
    static final int MAX_PAGE = 1_000_000;

    private final OrderService orders;
    private final IdempotentRequests idempotency;

    OrderController(OrderService orders, IdempotentRequests idempotency) {
        this.orders = orders;
        this.idempotency = idempotency;
    }

    @PostMapping
    ResponseEntity<OrderResponse> place(
            @RequestHeader(IDEMPOTENCY_KEY)
                    @Size(min = 1, max = 255) @Pattern(regexp = "[\\x20-\\x7E]*", message = "must be printable ASCII") String idempotencyKey,
            @Valid @RequestBody PlaceOrderRequest request) {
        Answer<OrderResponse> answer =
                idempotency.answer(idempotencyKey, request.canonical(), OrderResponse.class, new FirstRequest<>() {
                    @Override
                    public Duration answersWithin() {
                        return orders.waitBudget();
                    }

                    @Override
                    public String perform(Consumer<String> claim) {
                        return orders.place(request, claim);
                    }

                    @Override
                    public Answer<OrderResponse> answer(String orderId) {
                        return placed(orders.find(orderId));
                    }
                });
        var response = ResponseEntity.status(answer.status())
                .location(URI.create("/api/orders/" + answer.body().id()));
        if (answer.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.body(answer.body());
    }

    /** 201 once the saga has ended (CONFIRMED or CANCELLED), 202 while the order is still PENDING. */
    static Answer<OrderResponse> placed(OrderResponse order) {
        HttpStatus status = order.status() == OrderStatus.PENDING ? HttpStatus.ACCEPTED : HttpStatus.CREATED;
        return Answer.of(status.value(), order);
    }

    @GetMapping("/{id}")
    OrderResponse get(@PathVariable String id) {
        return orders.find(id);
    }

    @GetMapping
    PagedModel<OrderResponse> list(
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return new PagedModel<>(orders.list(customerId, status, page, size));
    }
}
