package io.orderly.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.orderly.order.orders.Order;
import io.orderly.order.orders.OrderLine;
import io.orderly.order.orders.OrderSagas;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;

/** How a request that placed an order waits for its saga: no Spring, no database. */
class SagaFacadeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration WAIT_BUDGET = Duration.ofSeconds(3);

    private final SagaRepository sagas = mock(SagaRepository.class);
    private final SagaLauncher launcher = mock(SagaLauncher.class);
    private final SagaFacade facade = new SagaFacade(
            sagas,
            mock(SagaAuditRepository.class),
            launcher,
            new SagaProperties(Duration.ofSeconds(30), WAIT_BUDGET, Duration.ofSeconds(15), null, 3, null, null),
            new SagaOwner("order-service:test"),
            NoTracing.sagaTracing(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private OrderSagas.NewSaga begun() {
        given(sagas.save(any(Saga.class))).willAnswer(call -> call.getArgument(0));
        return facade.begin(Order.place("order-1", "c-1", List.of(new OrderLine("SKU-1", 2)), NOW));
    }

    @Test
    void aSagaStoppedByItsDatabaseFailsTheRequestAtOnceInsteadOfWaitingOutTheBudget() {
        var gone = new CannotCreateTransactionException(
                "Could not open JPA EntityManager for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
        OrderSagas.NewSaga saga = begun();
        given(launcher.launch(any())).willReturn(CompletableFuture.failedFuture(gone));

        long start = System.nanoTime();
        assertThatThrownBy(saga::startAndAwait).isSameAs(gone);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT_BUDGET);
        verify(launcher).stopWaiting("order-1");
    }

    @Test
    void aSagaStoppedByAnythingElseLetsTheRequestAnswerFromTheOrder() {
        OrderSagas.NewSaga saga = begun();
        given(launcher.launch(any()))
                .willReturn(CompletableFuture.failedFuture(
                        new IllegalSagaTransitionException("order-1", SagaState.RESERVING, "RESERVE_STOCK succeeded")));

        assertThatCode(saga::startAndAwait).doesNotThrowAnyException();
        verify(launcher).stopWaiting("order-1");
    }

    @Test
    void aSagaThatEndsInTimeIsWaitedFor() {
        OrderSagas.NewSaga saga = begun();
        given(launcher.launch(any())).willReturn(CompletableFuture.completedFuture(SagaState.CONFIRMED));

        assertThatCode(saga::startAndAwait).doesNotThrowAnyException();
    }
}
