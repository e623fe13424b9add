package io.orderly.order.orders;

import io.orderly.order.idempotency.IdempotentRequests;
import io.orderly.order.idempotency.IdempotentRequests.Answer;
import io.orderly.order.idempotency.IdempotentRequests.FirstRequest;
import io.orderly.security.Caller;
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

/**
 * The public order API: place an order (idempotently), read one, list a page. The caller comes from
 * its token: a customer orders for itself and sees only its own orders (another customer's order is
 * not found, exactly like an unknown one); the admin reads every order.
 */
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
            @Valid @RequestBody PlaceOrderRequest body) {
        Caller caller = Caller.require();
        if (body.customerId() != null && !caller.isCustomer(body.customerId())) {
            throw new NotYourCustomerException();
        }
        PlaceOrderRequest request = body.forCustomer(caller.subject());
        // Keys are the caller's own: another caller's request with the same key is another request.
        Answer<OrderResponse> answer = idempotency.answer(
                caller.subject(), idempotencyKey, request.canonical(), OrderResponse.class, new FirstRequest<>() {
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
                        return placed(orders.find(orderId).seenBy(caller));
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
        Caller caller = Caller.require();
        OrderResponse order = orders.find(id);
        if (!caller.admin() && !caller.isCustomer(order.customerId())) {
            // Not "forbidden": that would tell the caller the order exists.
            throw new OrderNotFoundException(id);
        }
        return order.seenBy(caller);
    }

    @GetMapping
    PagedModel<OrderResponse> list(
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Caller caller = Caller.require();
        String customer = customerId;
        if (!caller.admin()) {
            if (customerId != null && !caller.isCustomer(customerId)) {
                throw new NotYourCustomerException();
            }
            customer = caller.subject();
        }
        return new PagedModel<>(orders.list(customer, status, page, size).map(order -> order.seenBy(caller)));
    }
}
