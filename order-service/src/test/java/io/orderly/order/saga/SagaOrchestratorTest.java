package io.orderly.order.saga;

import static io.orderly.order.saga.StoredSagas.CUSTOMER;
import static io.orderly.order.saga.StoredSagas.TOTAL;
import static io.orderly.order.saga.StoredSagas.reserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderly.order.orders.FailureReason;
import io.orderly.order.orders.OrderStatus;
import io.orderly.order.participant.AuthorizationResult;
import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.ParticipantUnavailableException;
import io.orderly.order.participant.PaymentClient;
import io.orderly.order.participant.Refusal;
import io.orderly.order.participant.ReservationResult;
import io.orderly.order.participant.UnexpectedParticipantResponseException;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.InOrder;
import org.mockito.Mockito;
import org.mockito.verification.VerificationMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Every branch of the orchestration on the embedded database, with the participants mocked:
 * success, refusals, unknown outcomes, the deadline, failing compensations, confirm/capture retried
 * forward, and resuming a crashed instance's saga from its stored state.
 */
@SpringBootTest
class SagaOrchestratorTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @MockitoBean
    InventoryClient inventory;

    @MockitoBean
    PaymentClient payment;

    @MockitoSpyBean
    SagaTransitions transitions;

    @Autowired
    SagaOrchestrator orchestrator;

    @Autowired
    RecoveryWorker worker;

    @Autowired
    SagaOwner owner;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Clock clock;

    StoredSagas stored;

    @BeforeEach
    void setUp(
            @Autowired PlatformTransactionManager transactions,
            @Autowired EntityManager entityManager,
            @Autowired JdbcTemplate jdbc) {
        stored = new StoredSagas(transactions, entityManager, jdbc, clock);
        stored.deleteAll();
    }

    @Test
    void reservesAuthorizesThenConfirmsAndCapturesAndConfirmsTheOrder() {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR")).willReturn(new AuthorizationResult.Authorized());

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.CONFIRMED);

        InOrder calls = inOrder(inventory, payment);
        calls.verify(inventory)
                .reserve(id, List.of(new InventoryClient.Item("SKU-1", 2), new InventoryClient.Item("SKU-2", 1)));
        calls.verify(payment).authorize(id, CUSTOMER, TOTAL, "EUR");
        calls.verify(inventory).confirm(id);
        calls.verify(payment).capture(id);
        Saga saga = stored.load(id);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(saga.order().total()).isEqualByComparingTo("10.00");
        assertThat(saga.order().lines())
                .extracting(l -> l.unitPrice().toPlainString())
                .containsExactly("2.50", "5.00");
        assertThat(saga.steps())
                .extracting(SagaStep::step)
                .containsExactly(Step.RESERVE_STOCK, Step.AUTHORIZE_PAYMENT, Step.CONFIRM_STOCK, Step.CAPTURE_PAYMENT);
        assertThat(saga.steps()).allSatisfy(step -> {
            assertThat(step.status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(step.attempts()).isEqualTo(1);
        });
        assertThat(saga.leaseOwner()).isNull();
        assertThat(saga.finishedAt()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(
            value = FailureReason.class,
            names = {"INSUFFICIENT_STOCK", "UNKNOWN_PRODUCT"})
    void aRefusedReservationCancelsTheReservationOnlyAndCancelsTheOrder(FailureReason reason) {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList()))
                .willReturn(new ReservationResult.Refused(Refusal.valueOf(reason.name()), "no"));

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.CANCELLED);

        verify(inventory).cancel(id);
        verify(inventory, never()).confirm(anyString());
        verifyNoInteractions(payment);
        Saga saga = stored.load(id);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(saga.order().failureReason()).isEqualTo(reason);
        assertThat(saga.steps())
                .extracting(SagaStep::step, SagaStep::status)
                .containsExactly(
                        tuple(Step.RESERVE_STOCK, StepStatus.REFUSED),
                        tuple(Step.CANCEL_RESERVATION, StepStatus.SUCCEEDED));
    }

    @ParameterizedTest
    @EnumSource(
            value = FailureReason.class,
            names = {"INSUFFICIENT_FUNDS", "UNKNOWN_CUSTOMER"})
    void aRefusedPaymentCancelsPaymentThenReservationInReverseOrder(FailureReason reason) {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR"))
                .willReturn(new AuthorizationResult.Refused(Refusal.valueOf(reason.name()), "no"));

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.CANCELLED);

        InOrder calls = inOrder(inventory, payment);
        calls.verify(inventory).reserve(eq(id), anyList());
        calls.verify(payment).authorize(id, CUSTOMER, TOTAL, "EUR");
        calls.verify(payment).cancel(id);
        calls.verify(inventory).cancel(id);
        verify(inventory, never()).confirm(anyString());
        verify(payment, never()).capture(anyString());
        Saga saga = stored.load(id);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(saga.order().failureReason()).isEqualTo(reason);
        assertThat(saga.step(Step.AUTHORIZE_PAYMENT).status()).isEqualTo(StepStatus.REFUSED);
    }

    @Test
    void anUnknownReservationOutcomeIsDeferredAndTheWorkerRetriesItToSuccess() {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList()))
                .willThrow(new ParticipantUnavailableException("inventory reserve: read timed out", null))
                .willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR")).willReturn(new AuthorizationResult.Authorized());
        double retriesBefore = retries(Step.RESERVE_STOCK);

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.RESERVING);

        Saga deferred = stored.load(id);
        assertThat(deferred.step(Step.RESERVE_STOCK).status()).isEqualTo(StepStatus.RETRYING);
        assertThat(deferred.step(Step.RESERVE_STOCK).lastError()).contains("read timed out");
        assertThat(deferred.leaseOwner())
                .as("a deferred saga is free for any instance")
                .isNull();
        assertThat(deferred.order().status()).isEqualTo(OrderStatus.PENDING);
        assertThat(retries(Step.RESERVE_STOCK)).isEqualTo(retriesBefore + 1);
        verifyNoInteractions(payment);

        runWorkerUntil(id, SagaState.CONFIRMED);

        Saga saga = stored.load(id);
        assertThat(saga.step(Step.RESERVE_STOCK).attempts()).isEqualTo(2);
        assertThat(saga.step(Step.RESERVE_STOCK).status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void anUnknownAuthorizationOutcomeIsRetriedToSuccessWithoutReservingAgain() {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR"))
                .willThrow(new ParticipantUnavailableException("payment authorize answered 503", null))
                .willThrow(new UnexpectedParticipantResponseException("payment authorize answered 400"))
                .willReturn(new AuthorizationResult.Authorized());

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.AUTHORIZING);
        runWorkerUntil(id, SagaState.CONFIRMED);

        verify(inventory).reserve(eq(id), anyList());
        Saga saga = stored.load(id);
        assertThat(saga.step(Step.AUTHORIZE_PAYMENT).attempts()).isEqualTo(3);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void aReservationThatCannotSucceedBeforeTheDeadlineIsCompensatedAsTimedOut() {
        String id = stored.started(owner.id(), Duration.ofMillis(300));
        given(inventory.reserve(eq(id), anyList()))
                .willThrow(new ParticipantUnavailableException("inventory reserve: connection refused", null));

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.RESERVING);
        runWorkerUntil(id, SagaState.CANCELLED);

        verify(inventory).cancel(id);
        verifyNoInteractions(payment);
        Saga saga = stored.load(id);
        assertThat(saga.order().failureReason()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(saga.step(Step.RESERVE_STOCK).status()).isEqualTo(StepStatus.RETRYING);
        assertThat(saga.step(Step.CANCEL_RESERVATION).status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void anAuthorizationThatCannotSucceedBeforeTheDeadlineCancelsPaymentAndReservation() {
        String id = stored.started(owner.id(), Duration.ofMillis(300));
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR"))
                .willThrow(new ParticipantUnavailableException("payment authorize answered 503", null));

        orchestrator.drive(id, owner.id());
        runWorkerUntil(id, SagaState.CANCELLED);

        InOrder compensation = inOrder(payment, inventory);
        compensation.verify(payment).cancel(id);
        compensation.verify(inventory).cancel(id);
        verify(payment, never()).capture(anyString());
        assertThat(stored.load(id).order().failureReason()).isEqualTo(FailureReason.TIMED_OUT);
    }

    @Test
    void aFailingCompensationBacksOffIsVisibleAndFinishesWhenTheParticipantRecovers() {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR"))
                .willReturn(new AuthorizationResult.Refused(Refusal.INSUFFICIENT_FUNDS, "no"));
        willThrow(new ParticipantUnavailableException("payment cancel answered 503", null))
                .willThrow(new ParticipantUnavailableException("payment cancel answered 503", null))
                .willDoNothing()
                .given(payment)
                .cancel(id);
        double retriesBefore = retries(Step.CANCEL_PAYMENT);

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.COMPENSATING);
        Saga failing = stored.load(id);
        assertThat(failing.step(Step.CANCEL_PAYMENT).status()).isEqualTo(StepStatus.RETRYING);
        assertThat(failing.step(Step.CANCEL_PAYMENT).lastError()).contains("503");
        verify(inventory, never()).cancel(anyString());

        runWorkerUntil(id, SagaState.CANCELLED);

        Saga saga = stored.load(id);
        assertThat(saga.step(Step.CANCEL_PAYMENT).attempts()).isEqualTo(3);
        assertThat(saga.order().failureReason()).isEqualTo(FailureReason.INSUFFICIENT_FUNDS);
        assertThat(retries(Step.CANCEL_PAYMENT)).isEqualTo(retriesBefore + 2);
        verify(inventory).cancel(id);
    }

    @Test
    void unexpectedConfirmAnswersParkTheSagaWhichNoWorkerClaimsUntilAnAdminRetriesIt(@Autowired SagaAdmin admin) {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR")).willReturn(new AuthorizationResult.Authorized());
        willThrow(new UnexpectedParticipantResponseException("inventory confirm answered 403"))
                .given(inventory)
                .confirm(id);

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.CONFIRMING);
        runWorkerUntil(id, SagaState.NEEDS_ATTENTION);

        Saga parked = stored.load(id);
        assertThat(parked.order().status()).isEqualTo(OrderStatus.PENDING);
        assertThat(parked.leaseOwner()).isNull();
        assertThat(parked.step(Step.CONFIRM_STOCK).unexpectedAttempts()).isEqualTo(3);
        assertThat(worker.pollOnce()).as("a parked saga is not claimed").isEmpty();
        verify(inventory, Mockito.times(3)).confirm(id);
        verify(payment, never()).capture(anyString());
        verify(inventory, never()).cancel(anyString());
        assertThat(meters.get("orderly.saga.parked").gauge().value()).isEqualTo(1.0);

        Mockito.reset(inventory);
        admin.retry(id, "ops");
        runWorkerUntil(id, SagaState.CONFIRMED);

        assertThat(stored.load(id).order().status()).isEqualTo(OrderStatus.CONFIRMED);
        verify(payment).capture(id);
        assertThat(meters.get("orderly.saga.admin.actions")
                        .tag("action", "RETRY")
                        .counter()
                        .count())
                .isPositive();
    }

    @Test
    void unexpectedAnswersToACompensationParkTheSagaKeepingItsReason(@Autowired SagaAdmin admin) {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR"))
                .willReturn(new AuthorizationResult.Refused(Refusal.INSUFFICIENT_FUNDS, "no"));
        willThrow(new UnexpectedParticipantResponseException("payment cancel answered 403"))
                .given(payment)
                .cancel(id);

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.COMPENSATING);
        runWorkerUntil(id, SagaState.NEEDS_ATTENTION);

        Saga parked = stored.load(id);
        assertThat(parked.parkedIn()).isEqualTo(SagaState.COMPENSATING);
        assertThat(parked.failureReason()).isEqualTo(FailureReason.INSUFFICIENT_FUNDS);
        assertThat(parked.order().status()).isEqualTo(OrderStatus.PENDING);
        verify(inventory, never()).cancel(anyString());

        Mockito.reset(payment);
        admin.retry(id, "ops");
        runWorkerUntil(id, SagaState.CANCELLED);

        assertThat(stored.load(id).order().failureReason()).isEqualTo(FailureReason.INSUFFICIENT_FUNDS);
        verify(inventory).cancel(id);
    }

    @Test
    void unexpectedAuthorizationAnswersCompensateWithParticipantError() {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR"))
                .willThrow(new UnexpectedParticipantResponseException("payment authorize answered 400"));

        orchestrator.drive(id, owner.id());
        runWorkerUntil(id, SagaState.CANCELLED);

        Saga saga = stored.load(id);
        assertThat(saga.order().failureReason()).isEqualTo(FailureReason.PARTICIPANT_ERROR);
        verify(payment, Mockito.times(3)).authorize(id, CUSTOMER, TOTAL, "EUR");
        InOrder compensation = inOrder(payment, inventory);
        compensation.verify(payment).cancel(id);
        compensation.verify(inventory).cancel(id);
    }

    @Test
    void confirmAndCaptureAreRetriedUntilTheySucceedEvenPastTheDeadline() {
        String id = stored.stored(
                owner.id(), clock.instant().plusSeconds(15), Duration.ofMillis(-1), StoredSagas::authorizedPayment);
        willThrow(new ParticipantUnavailableException("inventory confirm answered 500", null))
                .willThrow(new ParticipantUnavailableException("inventory confirm: read timed out", null))
                .willDoNothing()
                .given(inventory)
                .confirm(id);
        willThrow(new UnexpectedParticipantResponseException("payment capture answered 404 payment-not-found"))
                .willDoNothing()
                .given(payment)
                .capture(id);

        assertThat(orchestrator.drive(id, owner.id())).isEqualTo(SagaState.CONFIRMING);
        runWorkerUntil(id, SagaState.CONFIRMED);

        Saga saga = stored.load(id);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(saga.step(Step.CONFIRM_STOCK).attempts()).isEqualTo(3);
        assertThat(saga.step(Step.CAPTURE_PAYMENT).attempts()).isEqualTo(2);
        verify(inventory, never()).cancel(anyString());
        verify(payment, never()).cancel(anyString());
    }

    static Stream<Arguments> crashPoints() {
        BiConsumer<Saga, Instant> nothing = (saga, now) -> {};
        return Stream.of(
                Arguments.of(
                        "before or while reserving",
                        nothing,
                        SagaState.CONFIRMED,
                        List.of("reserve", "authorize", "confirm", "capture")),
                Arguments.of(
                        "after the reservation was written",
                        (BiConsumer<Saga, Instant>) StoredSagas::reservedStock,
                        SagaState.CONFIRMED,
                        List.of("authorize", "confirm", "capture")),
                Arguments.of(
                        "after the authorization was written",
                        (BiConsumer<Saga, Instant>) StoredSagas::authorizedPayment,
                        SagaState.CONFIRMED,
                        List.of("confirm", "capture")),
                Arguments.of(
                        "after the stock confirmation was written",
                        (BiConsumer<Saga, Instant>) StoredSagas::confirmedStock,
                        SagaState.CONFIRMED,
                        List.of("capture")),
                Arguments.of(
                        "after the payment was cancelled in compensation",
                        (BiConsumer<Saga, Instant>) StoredSagas::cancelledPaymentAfterRefusal,
                        SagaState.CANCELLED,
                        List.of("cancelReservation")));
    }

    @ParameterizedTest(name = "crash {0}")
    @MethodSource("crashPoints")
    void theWorkerResumesACrashedInstancesSagaFromItsStoredState(
            String when, BiConsumer<Saga, Instant> progress, SagaState end, List<String> expectedCalls) {
        String id = stored.crashedAfter(progress);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR")).willReturn(new AuthorizationResult.Authorized());

        List<CompletableFuture<SagaState>> drives = worker.pollOnce();

        assertThat(drives).hasSize(1);
        assertThat(drives.getFirst().join()).isEqualTo(end);
        verify(inventory, times(expectedCalls, "reserve")).reserve(eq(id), anyList());
        verify(payment, times(expectedCalls, "authorize")).authorize(any(), any(), any(BigDecimal.class), any());
        verify(inventory, times(expectedCalls, "confirm")).confirm(id);
        verify(payment, times(expectedCalls, "capture")).capture(id);
        verify(inventory, times(expectedCalls, "cancelReservation")).cancel(id);
        verify(payment, never()).cancel(anyString());
        Saga saga = stored.load(id);
        assertThat(saga.state()).isEqualTo(end);
        assertThat(saga.order().status().name()).isEqualTo(end.name());
        assertThat(saga.leaseOwner()).isNull();
    }

    @Test
    void aSagaWhoseOutcomeCannotBeWrittenReleasesItsWaiterAndResumesFromTheLastOutcomeItWrote(
            @Autowired SagaCompletions completions) {
        String id = stored.started(owner.id(), DEADLINE);
        given(inventory.reserve(eq(id), anyList())).willReturn(reserved());
        given(payment.authorize(id, CUSTOMER, TOTAL, "EUR")).willReturn(new AuthorizationResult.Authorized());
        // The reservation is made, then the database is gone when its outcome is to be written.
        willThrow(new CannotCreateTransactionException(
                        "Could not open JPA EntityManager for transaction",
                        new SQLTransientConnectionException(
                                "HikariPool-1 - Connection is not available, request timed out after 2001ms")))
                .willCallRealMethod()
                .given(transitions)
                .record(eq(id), anyString(), eq(Step.RESERVE_STOCK), any());
        CompletableFuture<SagaState> waiting = completions.register(id);

        assertThat(orchestrator.drive(id, owner.id())).isNull();

        assertThat(waiting)
                .as("the request waiting for the saga answers now, not at the end of its wait budget")
                .isCompletedExceptionally();
        Saga stalled = stored.load(id);
        assertThat(stalled.step(Step.RESERVE_STOCK).status()).isEqualTo(StepStatus.PENDING);
        assertThat(stalled.leaseOwner()).isEqualTo(owner.id());

        stored.leaseExpired(id);
        runWorkerUntil(id, SagaState.CONFIRMED);

        // The call whose outcome was lost is made again (a participant answers a repeat as the first).
        verify(inventory, Mockito.times(2)).reserve(eq(id), anyList());
        assertThat(stored.load(id).step(Step.RESERVE_STOCK).attempts()).isEqualTo(1);
    }

    @Test
    void theWorkerLeavesASagaAloneWhileAnotherInstanceHoldsItsLease() {
        String id = stored.stored("other-instance", clock.instant().plusSeconds(10), DEADLINE, (s, n) -> {});

        assertThat(worker.pollOnce()).isEmpty();
        assertThat(orchestrator.drive(id, owner.id()))
                .as("not this instance's to drive")
                .isNull();

        verifyNoInteractions(inventory, payment);
        assertThat(stored.load(id).leaseOwner()).isEqualTo("other-instance");
    }

    private static VerificationMode times(List<String> calls, String call) {
        return Mockito.times(calls.contains(call) ? 1 : 0);
    }

    private double retries(Step step) {
        var counter = meters.find("orderly.saga.step.retries")
                .tag("step", step.name())
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void runWorkerUntil(String id, SagaState end) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    worker.pollOnce().forEach(CompletableFuture::join);
                    return stored.load(id).state() == end;
                });
    }
}
