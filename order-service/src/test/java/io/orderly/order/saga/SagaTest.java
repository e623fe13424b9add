package io.orderly.order.saga;

import static io.orderly.order.saga.Step.AUTHORIZE_PAYMENT;
import static io.orderly.order.saga.Step.CANCEL_PAYMENT;
import static io.orderly.order.saga.Step.CANCEL_RESERVATION;
import static io.orderly.order.saga.Step.CAPTURE_PAYMENT;
import static io.orderly.order.saga.Step.CONFIRM_STOCK;
import static io.orderly.order.saga.Step.RESERVE_STOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.orderly.order.orders.FailureReason;
import io.orderly.order.orders.Order;
import io.orderly.order.orders.OrderLine;
import io.orderly.order.orders.OrderStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The saga aggregate walking the order saga's definition, without Spring or a database. */
class SagaTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant DEADLINE = NOW.plusSeconds(30);
    private static final int MAX_UNEXPECTED = 3;

    static Saga aStartedSaga() {
        Order order = Order.place("order-1", "c-1", List.of(new OrderLine("SKU-1", 2)), NOW);
        return Saga.start(order, DEADLINE, "me", NOW.plusSeconds(15), NOW, null);
    }

    static Saga authorized() {
        Saga saga = aStartedSaga();
        saga.succeeded(RESERVE_STOCK, NOW);
        saga.succeeded(AUTHORIZE_PAYMENT, NOW);
        return saga;
    }

    static Saga compensatingAfterARefusedPayment() {
        Saga saga = aStartedSaga();
        saga.succeeded(RESERVE_STOCK, NOW);
        saga.refused(AUTHORIZE_PAYMENT, FailureReason.INSUFFICIENT_FUNDS, "no", NOW);
        return saga;
    }

    static Saga confirmed() {
        Saga saga = authorized();
        saga.succeeded(CONFIRM_STOCK, NOW);
        saga.succeeded(CAPTURE_PAYMENT, NOW);
        return saga;
    }

    static Saga cancelled() {
        Saga saga = compensatingAfterARefusedPayment();
        saga.succeeded(CANCEL_PAYMENT, NOW);
        saga.succeeded(CANCEL_RESERVATION, NOW);
        return saga;
    }

    static Saga parked() {
        Saga saga = authorized();
        for (int i = 0; i < MAX_UNEXPECTED; i++) {
            saga.unexpected(CONFIRM_STOCK, "inventory confirm answered 403", MAX_UNEXPECTED, NOW.plusSeconds(1), NOW);
        }
        return saga;
    }

    @Test
    void aNewSagaReservesFirstLeasedToItsInstanceAndIsNewUntilStored() {
        Saga saga = aStartedSaga();

        assertThat(saga.state()).isEqualTo(SagaState.RESERVING);
        assertThat(saga.currentStep()).contains(RESERVE_STOCK);
        assertThat(saga.step(RESERVE_STOCK).status()).isEqualTo(StepStatus.PENDING);
        assertThat(saga.leasedBy("me")).isTrue();
        assertThat(saga.isTrying()).isTrue();
        assertThat(saga.isNew()).isTrue();
        assertThat(saga.getId()).isEqualTo("order-1");
    }

    @Test
    void bothTriesThenConfirmAndCaptureConfirmTheOrderAndReleaseTheLease() {
        Saga saga = aStartedSaga();

        saga.succeeded(RESERVE_STOCK, NOW);
        assertThat(saga.state()).isEqualTo(SagaState.AUTHORIZING);
        assertThat(saga.currentStep()).contains(AUTHORIZE_PAYMENT);
        saga.succeeded(AUTHORIZE_PAYMENT, NOW);
        assertThat(saga.state()).isEqualTo(SagaState.CONFIRMING);
        assertThat(saga.isTrying()).as("past the point of no return").isFalse();
        assertThat(saga.currentStep()).contains(CONFIRM_STOCK);
        saga.succeeded(CONFIRM_STOCK, NOW);
        assertThat(saga.currentStep()).contains(CAPTURE_PAYMENT);
        saga.succeeded(CAPTURE_PAYMENT, NOW.plusSeconds(1));

        assertThat(saga.state()).isEqualTo(SagaState.CONFIRMED);
        assertThat(saga.currentStep()).isEmpty();
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(saga.finishedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(saga.leaseOwner()).isNull();
        assertThat(saga.steps())
                .extracting(SagaStep::step, SagaStep::status)
                .containsExactly(
                        tuple(RESERVE_STOCK, StepStatus.SUCCEEDED),
                        tuple(AUTHORIZE_PAYMENT, StepStatus.SUCCEEDED),
                        tuple(CONFIRM_STOCK, StepStatus.SUCCEEDED),
                        tuple(CAPTURE_PAYMENT, StepStatus.SUCCEEDED));
    }

    @Test
    void aRefusedReservationCancelsOnlyTheReservationThenTheOrder() {
        Saga saga = aStartedSaga();

        saga.refused(RESERVE_STOCK, FailureReason.INSUFFICIENT_STOCK, "none left", NOW);

        assertThat(saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(saga.failureReason()).isEqualTo(FailureReason.INSUFFICIENT_STOCK);
        assertThat(saga.step(RESERVE_STOCK).lastError()).isEqualTo("none left");
        assertThat(saga.currentStep()).contains(CANCEL_RESERVATION);
        saga.succeeded(CANCEL_RESERVATION, NOW);
        assertThat(saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(saga.order().failureReason()).isEqualTo(FailureReason.INSUFFICIENT_STOCK);
        assertThat(saga.steps()).extracting(SagaStep::step).containsExactly(RESERVE_STOCK, CANCEL_RESERVATION);
    }

    @Test
    void aRefusedPaymentCancelsThePaymentThenTheReservation() {
        Saga saga = compensatingAfterARefusedPayment();

        assertThat(saga.currentStep()).contains(CANCEL_PAYMENT);
        saga.succeeded(CANCEL_PAYMENT, NOW);
        assertThat(saga.currentStep()).contains(CANCEL_RESERVATION);
        saga.succeeded(CANCEL_RESERVATION, NOW);

        assertThat(saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(saga.order().failureReason()).isEqualTo(FailureReason.INSUFFICIENT_FUNDS);
        assertThat(saga.steps())
                .extracting(SagaStep::step)
                .containsExactly(RESERVE_STOCK, AUTHORIZE_PAYMENT, CANCEL_PAYMENT, CANCEL_RESERVATION);
    }

    @Test
    void timingOutWhileReservingCancelsTheReservationWhoseOutcomeIsUnknown() {
        Saga saga = aStartedSaga();
        saga.deferred(RESERVE_STOCK, "read timed out", NOW.plusSeconds(1), NOW);

        saga.timedOut(DEADLINE.plusMillis(1));

        assertThat(saga.failureReason()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(saga.step(RESERVE_STOCK).status()).isEqualTo(StepStatus.RETRYING);
        assertThat(saga.currentStep()).contains(CANCEL_RESERVATION);
    }

    @Test
    void timingOutWhileAuthorizingCancelsPaymentThenReservation() {
        Saga saga = aStartedSaga();
        saga.succeeded(RESERVE_STOCK, NOW);

        saga.timedOut(NOW);

        assertThat(saga.steps())
                .extracting(SagaStep::step)
                .containsExactly(RESERVE_STOCK, AUTHORIZE_PAYMENT, CANCEL_PAYMENT, CANCEL_RESERVATION);
        assertThat(saga.currentStep()).contains(CANCEL_PAYMENT);
    }

    @Test
    void aDeferredStepIsRetryingReleasedForAnyInstanceAndDueAtItsNextAttempt() {
        Saga saga = authorized();

        saga.deferred(CONFIRM_STOCK, "503", NOW.plusSeconds(2), NOW);

        assertThat(saga.state()).isEqualTo(SagaState.CONFIRMING);
        assertThat(saga.currentStep()).contains(CONFIRM_STOCK);
        assertThat(saga.step(CONFIRM_STOCK).status()).isEqualTo(StepStatus.RETRYING);
        assertThat(saga.step(CONFIRM_STOCK).attempts()).isEqualTo(1);
        assertThat(saga.nextAttemptAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(saga.leaseOwner()).isNull();
        assertThat(saga.isTrying()).as("so the deadline no longer applies").isFalse();
    }

    @Test
    void anUnexpectedAnswerBelowTheBoundIsDeferredLikeAnUnknownOutcome() {
        Saga saga = aStartedSaga();

        saga.unexpected(RESERVE_STOCK, "inventory reserve answered 403", MAX_UNEXPECTED, NOW.plusSeconds(1), NOW);

        assertThat(saga.state()).isEqualTo(SagaState.RESERVING);
        assertThat(saga.currentStep()).contains(RESERVE_STOCK);
        assertThat(saga.step(RESERVE_STOCK).status()).isEqualTo(StepStatus.RETRYING);
        assertThat(saga.step(RESERVE_STOCK).unexpectedAttempts()).isEqualTo(1);
        assertThat(saga.step(RESERVE_STOCK).lastError()).isEqualTo("inventory reserve answered 403");
        assertThat(saga.nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(saga.leaseOwner()).isNull();
    }

    @Test
    void unexpectedAnswersUpToTheBoundWhileReservingCompensateWithParticipantError() {
        Saga saga = aStartedSaga();
        saga.deferred(RESERVE_STOCK, "503", NOW, NOW);
        for (int i = 0; i < MAX_UNEXPECTED; i++) {
            saga.unexpected(RESERVE_STOCK, "403", MAX_UNEXPECTED, NOW.plusSeconds(1), NOW);
        }

        assertThat(saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(saga.failureReason()).isEqualTo(FailureReason.PARTICIPANT_ERROR);
        assertThat(saga.step(RESERVE_STOCK).attempts()).isEqualTo(1 + MAX_UNEXPECTED);
        assertThat(saga.currentStep()).contains(CANCEL_RESERVATION);
        saga.succeeded(CANCEL_RESERVATION, NOW);
        assertThat(saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(saga.order().failureReason()).isEqualTo(FailureReason.PARTICIPANT_ERROR);
    }

    @Test
    void unexpectedAnswersUpToTheBoundWhileAuthorizingCancelPaymentThenReservation() {
        Saga saga = aStartedSaga();
        saga.succeeded(RESERVE_STOCK, NOW);
        for (int i = 0; i < MAX_UNEXPECTED; i++) {
            saga.unexpected(AUTHORIZE_PAYMENT, "400", MAX_UNEXPECTED, NOW.plusSeconds(1), NOW);
        }

        assertThat(saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(saga.failureReason()).isEqualTo(FailureReason.PARTICIPANT_ERROR);
        assertThat(saga.steps())
                .extracting(SagaStep::step)
                .containsExactly(RESERVE_STOCK, AUTHORIZE_PAYMENT, CANCEL_PAYMENT, CANCEL_RESERVATION);
        assertThat(saga.currentStep()).contains(CANCEL_PAYMENT);
    }

    @Test
    void unexpectedAnswersUpToTheBoundWhileConfirmingParkTheSagaReleasedWithTheOrderPending() {
        Saga saga = parked();

        assertThat(saga.state()).isEqualTo(SagaState.NEEDS_ATTENTION);
        assertThat(saga.isParked()).isTrue();
        assertThat(saga.parkedIn()).isEqualTo(SagaState.CONFIRMING);
        assertThat(saga.currentStep()).as("no worker drives it").isEmpty();
        assertThat(saga.state().isFinal()).isFalse();
        assertThat(SagaState.ACTIVE).doesNotContain(SagaState.NEEDS_ATTENTION);
        assertThat(saga.leaseOwner()).isNull();
        assertThat(saga.failureReason()).isNull();
        assertThat(saga.order().status()).isEqualTo(OrderStatus.PENDING);
        assertThat(saga.step(CONFIRM_STOCK).lastError()).isEqualTo("inventory confirm answered 403");
        assertThat(saga.step(CONFIRM_STOCK).unexpectedAttempts()).isEqualTo(MAX_UNEXPECTED);
    }

    @Test
    void unexpectedAnswersUpToTheBoundInACompensationParkTheSaga() {
        Saga saga = compensatingAfterARefusedPayment();
        for (int i = 0; i < MAX_UNEXPECTED; i++) {
            saga.unexpected(CANCEL_PAYMENT, "403", MAX_UNEXPECTED, NOW.plusSeconds(1), NOW);
        }

        assertThat(saga.state()).isEqualTo(SagaState.NEEDS_ATTENTION);
        assertThat(saga.parkedIn()).isEqualTo(SagaState.COMPENSATING);
        assertThat(saga.failureReason()).isEqualTo(FailureReason.INSUFFICIENT_FUNDS);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void retryingAParkedSagaResumesItsParkedStepWithTheUnexpectedCountReset() {
        Saga saga = parked();
        Instant later = NOW.plusSeconds(60);

        saga.retry(later);

        assertThat(saga.state()).isEqualTo(SagaState.CONFIRMING);
        assertThat(saga.parkedIn()).isNull();
        assertThat(saga.currentStep()).contains(CONFIRM_STOCK);
        assertThat(saga.step(CONFIRM_STOCK).unexpectedAttempts()).isZero();
        assertThat(saga.step(CONFIRM_STOCK).attempts()).isEqualTo(MAX_UNEXPECTED);
        assertThat(saga.nextAttemptAt()).isEqualTo(later);
        saga.succeeded(CONFIRM_STOCK, later);
        saga.succeeded(CAPTURE_PAYMENT, later);
        assertThat(saga.state()).isEqualTo(SagaState.CONFIRMED);
        assertThat(saga.order().status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void retryingASagaParkedInACompensationCompensatesOn() {
        Saga saga = compensatingAfterARefusedPayment();
        for (int i = 0; i < MAX_UNEXPECTED; i++) {
            saga.unexpected(CANCEL_PAYMENT, "403", MAX_UNEXPECTED, NOW.plusSeconds(1), NOW);
        }

        saga.retry(NOW);

        assertThat(saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(saga.currentStep()).contains(CANCEL_PAYMENT);
    }

    @Test
    void retryingADeferredSagaMakesItDueNowWithTheUnexpectedCountReset() {
        Saga saga = aStartedSaga();
        saga.unexpected(RESERVE_STOCK, "403", MAX_UNEXPECTED, NOW.plusSeconds(10), NOW);

        saga.retry(NOW.plusSeconds(1));

        assertThat(saga.state()).isEqualTo(SagaState.RESERVING);
        assertThat(saga.nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(saga.step(RESERVE_STOCK).unexpectedAttempts()).isZero();
    }

    @Test
    void compensatingOnRequestBeforeThePointOfNoReturnCancelsWhatWasBegun() {
        Saga saga = aStartedSaga();
        saga.succeeded(RESERVE_STOCK, NOW);

        saga.compensateOnRequest(NOW);

        assertThat(saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(saga.failureReason()).isEqualTo(FailureReason.PARTICIPANT_ERROR);
        assertThat(saga.currentStep()).contains(CANCEL_PAYMENT);
        assertThat(saga.leaseOwner()).isNull();
    }

    static Stream<Arguments> illegalTransitions() {
        Consumer<Saga> reserveSucceeded = saga -> saga.succeeded(RESERVE_STOCK, NOW);
        Consumer<Saga> authorizeSucceeded = saga -> saga.succeeded(AUTHORIZE_PAYMENT, NOW);
        Consumer<Saga> captureSucceeded = saga -> saga.succeeded(CAPTURE_PAYMENT, NOW);
        Consumer<Saga> cancelReservationSucceeded = saga -> saga.succeeded(CANCEL_RESERVATION, NOW);
        Consumer<Saga> reserveRefused = saga -> saga.refused(RESERVE_STOCK, FailureReason.UNKNOWN_PRODUCT, "", NOW);
        Consumer<Saga> authorizeRefused =
                saga -> saga.refused(AUTHORIZE_PAYMENT, FailureReason.UNKNOWN_CUSTOMER, "", NOW);
        Consumer<Saga> confirmRefused = saga -> saga.refused(CONFIRM_STOCK, FailureReason.INSUFFICIENT_STOCK, "", NOW);
        Consumer<Saga> timedOut = saga -> saga.timedOut(NOW);
        Consumer<Saga> authorizeDeferred = saga -> saga.deferred(AUTHORIZE_PAYMENT, "", NOW, NOW);
        Consumer<Saga> confirmDeferred = saga -> saga.deferred(CONFIRM_STOCK, "", NOW, NOW);
        Consumer<Saga> confirmSucceeded = saga -> saga.succeeded(CONFIRM_STOCK, NOW);
        Consumer<Saga> confirmUnexpected = saga -> saga.unexpected(CONFIRM_STOCK, "", MAX_UNEXPECTED, NOW, NOW);
        Consumer<Saga> authorizeUnexpected = saga -> saga.unexpected(AUTHORIZE_PAYMENT, "", MAX_UNEXPECTED, NOW, NOW);
        Consumer<Saga> retried = saga -> saga.retry(NOW);
        Consumer<Saga> compensatedOnRequest = saga -> saga.compensateOnRequest(NOW);
        return Stream.of(
                Arguments.of("RESERVING", "authorize unexpected", null, authorizeUnexpected),
                Arguments.of("RESERVING", "retried while due (not deferred)", null, retried),
                Arguments.of("CONFIRMING", "compensated on request", null, compensatedOnRequest),
                Arguments.of("CONFIRMING", "retried while due (not deferred)", null, retried),
                Arguments.of("COMPENSATING", "compensated on request", null, compensatedOnRequest),
                Arguments.of("COMPENSATING", "confirm unexpected", null, confirmUnexpected),
                Arguments.of("NEEDS_ATTENTION", "confirm succeeded", null, confirmSucceeded),
                Arguments.of("NEEDS_ATTENTION", "confirm unexpected", null, confirmUnexpected),
                Arguments.of("NEEDS_ATTENTION", "confirm deferred", null, confirmDeferred),
                Arguments.of("NEEDS_ATTENTION", "timed out", null, timedOut),
                Arguments.of("NEEDS_ATTENTION", "compensated on request", null, compensatedOnRequest),
                Arguments.of("CONFIRMED", "retried", null, retried),
                Arguments.of("CONFIRMED", "compensated on request", null, compensatedOnRequest),
                Arguments.of("CANCELLED", "retried", null, retried),
                Arguments.of("CANCELLED", "compensated on request", null, compensatedOnRequest),
                Arguments.of("RESERVING", "authorize succeeded", null, authorizeSucceeded),
                Arguments.of("RESERVING", "capture succeeded", null, captureSucceeded),
                Arguments.of("RESERVING", "authorize refused", null, authorizeRefused),
                Arguments.of("RESERVING", "authorize deferred", null, authorizeDeferred),
                Arguments.of("AUTHORIZING", "reserve succeeded again", reserveSucceeded, reserveSucceeded),
                Arguments.of("AUTHORIZING", "reserve refused", reserveSucceeded, reserveRefused),
                Arguments.of("CONFIRMING", "authorize refused", null, authorizeRefused),
                Arguments.of("CONFIRMING", "confirm refused", null, confirmRefused),
                Arguments.of("CONFIRMING", "timed out", null, timedOut),
                Arguments.of("CONFIRMING", "capture before confirm", null, captureSucceeded),
                Arguments.of("COMPENSATING", "reservation cancelled before payment", null, cancelReservationSucceeded),
                Arguments.of("COMPENSATING", "authorize refused", null, authorizeRefused),
                Arguments.of("COMPENSATING", "timed out", null, timedOut),
                Arguments.of("COMPENSATING", "confirm deferred", null, confirmDeferred),
                Arguments.of("CONFIRMED", "capture succeeded again", null, captureSucceeded),
                Arguments.of("CONFIRMED", "timed out", null, timedOut),
                Arguments.of("CANCELLED", "reservation cancelled again", null, cancelReservationSucceeded),
                Arguments.of("CANCELLED", "reserve refused", null, reserveRefused));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("illegalTransitions")
    void everyOutcomeTheCurrentStateCannotTakeIsAnIllegalTransition(
            String state, String what, Consumer<Saga> before, Consumer<Saga> transition) {
        Saga saga = inState(SagaState.valueOf(state));
        if (before != null) {
            before.accept(saga);
        }
        SagaState stateBefore = saga.state();
        List<StepStatus> stepsBefore =
                saga.steps().stream().map(SagaStep::status).toList();

        assertThatThrownBy(() -> transition.accept(saga))
                .isInstanceOf(IllegalSagaTransitionException.class)
                .hasMessageStartingWith("Saga order-1 in state " + stateBefore + " cannot take: ");
        assertThat(saga.state()).isEqualTo(stateBefore);
        assertThat(saga.steps()).extracting(SagaStep::status).isEqualTo(stepsBefore);
    }

    @Test
    void aStepTheSagaNeverTookIsUnknown() {
        assertThatThrownBy(() -> aStartedSaga().step(CAPTURE_PAYMENT))
                .isInstanceOf(IllegalSagaTransitionException.class)
                .hasMessageEndingWith("unknown step CAPTURE_PAYMENT");
    }

    private static Saga inState(SagaState state) {
        return switch (state) {
            case RESERVING, AUTHORIZING -> aStartedSaga();
            case CONFIRMING -> authorized();
            case COMPENSATING -> compensatingAfterARefusedPayment();
            case CONFIRMED -> confirmed();
            case CANCELLED -> cancelled();
            case NEEDS_ATTENTION -> parked();
        };
    }
}
