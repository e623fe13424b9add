package io.orderly.order.orders;

import io.orderly.order.orders.OrderSagas.NewSaga;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Places orders and reads them, each with its saga. */
@Service
class OrderService {

    private final OrderRepository orders;
    private final OrderSagas sagas;
    private final TransactionTemplate transaction;
    private final Clock clock;

    OrderService(OrderRepository orders, OrderSagas sagas, PlatformTransactionManager transactions, Clock clock) {
        this.orders = orders;
        this.sagas = sagas;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Writes the order, its saga and its first step in one transaction, in which {@code claim} is
     * also told the new order's id (the Idempotency-Key is written there); then drives the saga and
     * waits for it up to the wait budget. Returns the order's id.
     */
    String place(PlaceOrderRequest request, Consumer<String> claim) {
        String orderId = UUID.randomUUID().toString();
        List<OrderLine> lines = request.items().stream()
                .map(i -> new OrderLine(i.sku(), i.quantity()))
                .toList();
        NewSaga saga = transaction.execute(tx -> {
            Order order = orders.save(Order.place(orderId, request.customerId(), lines, clock.instant()));
            NewSaga begun = sagas.begin(order);
            claim.accept(orderId);
            return begun;
        });
        saga.startAndAwait();
        return orderId;
    }

    /** How long {@link #place} waits for the saga before it answers with the order still pending. */
    Duration waitBudget() {
        return sagas.waitBudget();
    }

    OrderResponse find(String id) {
        return transaction.execute(tx -> {
            Order order = orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
            return OrderResponse.of(order, sagas.view(id).orElse(null));
        });
    }

    Page<OrderResponse> list(String customerId, OrderStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        return transaction.execute(tx -> {
            Page<Order> found;
            if (customerId != null && status != null) {
                found = orders.findByCustomerIdAndStatus(customerId, status, request);
            } else if (customerId != null) {
                found = orders.findByCustomerId(customerId, request);
            } else if (status != null) {
                found = orders.findByStatus(status, request);
            } else {
                found = orders.findAll(request);
            }
            Map<String, SagaView> views =
                    sagas.views(found.getContent().stream().map(Order::id).toList());
            return found.map(order -> OrderResponse.of(order, views.get(order.id())));
        });
    }
}
