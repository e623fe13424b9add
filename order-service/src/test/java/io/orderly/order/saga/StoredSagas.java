package io.orderly.order.saga;

import io.orderly.order.orders.FailureReason;
import io.orderly.order.orders.Order;
import io.orderly.order.orders.OrderLine;
import io.orderly.order.participant.ReservationResult;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Object mother for sagas as an instance would have left them in the database: built with the
 * saga's own transitions, so a stored state is always one the orchestrator can really write.
 */
final class StoredSagas {

    static final String CUSTOMER = "c-1";
    static final BigDecimal TOTAL = new BigDecimal("10.00");
    static final String CRASHED = "crashed-instance";

    private final TransactionTemplate transaction;
    private final EntityManager entityManager;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    StoredSagas(PlatformTransactionManager transactions, EntityManager entityManager, JdbcTemplate jdbc, Clock clock) {
        this.transaction = new TransactionTemplate(transactions);
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Inventory's answer for the lines every stored order has: SKU-1 x2 at 2.50, SKU-2 x1 at 5.00. */
    static ReservationResult.Reserved reserved() {
        return new ReservationResult.Reserved(
                List.of(
                        new ReservationResult.PricedLine("SKU-1", 2, new BigDecimal("2.50")),
                        new ReservationResult.PricedLine("SKU-2", 1, new BigDecimal("5.00"))),
                TOTAL);
    }

    void deleteAll() {
        jdbc.update("DELETE FROM idempotency_keys");
        jdbc.update("DELETE FROM saga_audit");
        jdbc.update("DELETE FROM saga_steps");
        jdbc.update("DELETE FROM sagas");
        jdbc.update("DELETE FROM order_lines");
        jdbc.update("DELETE FROM orders");
    }

    /** A new saga leased to {@code owner}, as a request that just created its order leaves it. */
    String started(String owner, Duration deadline) {
        return stored(owner, clock.instant().plus(Duration.ofSeconds(15)), deadline, (saga, now) -> {});
    }

    /**
     * A saga whose instance crashed after writing {@code progress}: its lease has expired, so any
     * instance's recovery worker may take it.
     */
    String crashedAfter(BiConsumer<Saga, Instant> progress) {
        return stored(CRASHED, clock.instant().minusSeconds(1), Duration.ofSeconds(30), progress);
    }

    String stored(String owner, Instant leaseUntil, Duration deadline, BiConsumer<Saga, Instant> progress) {
        String id = UUID.randomUUID().toString();
        transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            Order order = Order.place(id, CUSTOMER, List.of(new OrderLine("SKU-1", 2), new OrderLine("SKU-2", 1)), now);
            entityManager.persist(order);
            Saga saga = Saga.start(order, now.plus(deadline), owner, leaseUntil, now, null);
            progress.accept(saga, now);
            entityManager.persist(saga);
        });
        return id;
    }

    static void reservedStock(Saga saga, Instant now) {
        saga.order().price(Map.of("SKU-1", new BigDecimal("2.50"), "SKU-2", new BigDecimal("5.00")), TOTAL, now);
        saga.succeeded(Step.RESERVE_STOCK, now);
    }

    static void authorizedPayment(Saga saga, Instant now) {
        reservedStock(saga, now);
        saga.succeeded(Step.AUTHORIZE_PAYMENT, now);
    }

    static void confirmedStock(Saga saga, Instant now) {
        authorizedPayment(saga, now);
        saga.succeeded(Step.CONFIRM_STOCK, now);
    }

    static void cancelledPaymentAfterRefusal(Saga saga, Instant now) {
        reservedStock(saga, now);
        saga.refused(Step.AUTHORIZE_PAYMENT, FailureReason.INSUFFICIENT_FUNDS, "not enough", now);
        saga.succeeded(Step.CANCEL_PAYMENT, now);
    }

    /** The saga's lease ran out (its holder stopped driving it): a recovery worker may claim it now. */
    void leaseExpired(String id) {
        jdbc.update(
                "UPDATE sagas SET lease_until = ? WHERE order_id = ?",
                Timestamp.from(clock.instant().minusSeconds(1)),
                id);
    }

    Saga load(String id) {
        return transaction.execute(status -> {
            Saga saga = entityManager.find(Saga.class, id);
            saga.order().lines().size();
            saga.order().status();
            return saga;
        });
    }
}
