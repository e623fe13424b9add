package io.orderly.order.order;

import io.orderly.order.idempotency.IdempotencyKeyInProgressException;
import io.orderly.order.idempotency.IdempotencyKeys;
import io.orderly.order.idempotency.IdempotencyKeys.Earlier;
import io.orderly.order.idempotency.IdempotencyProperties;
import io.orderly.order.saga.Saga;
import io.orderly.order.saga.SagaLauncher;
import io.orderly.order.saga.SagaProperties;
import io.orderly.order.saga.SagaRepository;
import io.orderly.order.saga.SagaView;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places orders (idempotently, by Idempotency-Key) and reads them. Placing writes the key, the
 * order, its saga and the saga's first step in one transaction, then drives the saga and waits
 * for it up to the wait budget.
 */
@Service
class OrderService {

    private final OrderRepository orders;
    private final SagaRepository sagas;
    private final SagaLauncher launcher;
    private final IdempotencyKeys keys;
    private final SagaProperties sagaProperties;
    private final IdempotencyProperties idempotency;
    private final EntityManager entityManager;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final Clock clock;

    OrderService(
            OrderRepository orders,
            SagaRepository sagas,
            SagaLauncher launcher,
            IdempotencyKeys keys,
            SagaProperties sagaProperties,
            IdempotencyProperties idempotency,
            EntityManager entityManager,
            PlatformTransactionManager transactions,
            JsonMapper json,
            Clock clock) {
        this.orders = orders;
        this.sagas = sagas;
        this.launcher = launcher;
        this.keys = keys;
        this.sagaProperties = sagaProperties;
        this.idempotency = idempotency;
        this.entityManager = entityManager;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
    }

    PlacedOrder place(String key, PlaceOrderRequest request) {
        String fingerprint = IdempotencyKeys.fingerprint(request.canonical());
        var earlier = keys.earlier(key, fingerprint);
        if (earlier.isPresent()) {
            return replay(key, earlier.get());
        }
        String orderId = UUID.randomUUID().toString();
        Saga saga;
        try {
            saga = transaction.execute(status -> {
                Order order = Order.place(
                        orderId,
                        request.customerId(),
                        request.items().stream()
                                .map(i -> new OrderLine(i.sku(), i.quantity()))
                                .toList(),
                        clock.instant());
                entityManager.persist(order);
                Saga started = launcher.newSaga(order);
                entityManager.persist(started);
                keys.claim(key, fingerprint, orderId);
                return started;
            });
        } catch (DataIntegrityViolationException raced) {
            // Another request with this key committed first: the database decided, answer as a repeat.
            return replay(key, keys.earlier(key, fingerprint).orElseThrow(() -> raced));
        }
        var ended = launcher.launch(saga);
        try {
            ended.get(sagaProperties.waitBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            launcher.stopWaiting(orderId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launcher.stopWaiting(orderId);
        } catch (ExecutionException e) {
            launcher.stopWaiting(orderId);
        }
        return answer(key, orderId);
    }

    private PlacedOrder replay(String key, Earlier earlier) {
        return switch (earlier) {
            case Earlier.Answered answered ->
                new PlacedOrder(answered.status(), json.readValue(answered.body(), OrderResponse.class), true);
            case Earlier.Running running -> {
                Duration age = Duration.between(running.since(), clock.instant());
                if (age.compareTo(sagaProperties.waitBudget().plus(idempotency.abandonedAfter())) < 0) {
                    throw new IdempotencyKeyInProgressException();
                }
                PlacedOrder first = answer(key, running.orderId());
                yield new PlacedOrder(first.status(), first.order(), true);
            }
        };
    }

    /**
     * Reads the order and stores the answer for the key (201 once the saga ended, else 202), in one
     * transaction; returns the stored answer, which is an earlier one if another request stored first.
     */
    private PlacedOrder answer(String key, String orderId) {
        return transaction.execute(tx -> {
            OrderResponse order = find(orderId);
            int status = order.status() == OrderStatus.PENDING ? 202 : 201;
            String body = json.writeValueAsString(order);
            Earlier.Answered stored = keys.answer(key, status, body);
            OrderResponse answered =
                    body.equals(stored.body()) ? order : json.readValue(stored.body(), OrderResponse.class);
            return new PlacedOrder(stored.status(), answered, false);
        });
    }

    OrderResponse find(String id) {
        return transaction.execute(status -> sagas.findWithOrder(id)
                .map(saga -> OrderResponse.of(saga.order(), SagaView.of(saga)))
                .orElseGet(() ->
                        OrderResponse.of(orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id)), null)));
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
            List<String> ids = found.getContent().stream().map(Order::id).toList();
            Map<String, SagaView> views = sagas.findAllById(ids).stream()
                    .collect(java.util.stream.Collectors.toMap(Saga::orderId, SagaView::of));
            return found.map(order -> OrderResponse.of(order, views.get(order.id())));
        });
    }
}
