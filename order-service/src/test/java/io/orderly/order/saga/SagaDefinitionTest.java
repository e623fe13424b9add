package io.orderly.order.saga;

import static io.orderly.order.saga.Step.AUTHORIZE_PAYMENT;
import static io.orderly.order.saga.Step.CANCEL_PAYMENT;
import static io.orderly.order.saga.Step.CANCEL_RESERVATION;
import static io.orderly.order.saga.Step.CAPTURE_PAYMENT;
import static io.orderly.order.saga.Step.CONFIRM_STOCK;
import static io.orderly.order.saga.Step.RESERVE_STOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.orderly.order.orders.FailureReason;
import io.orderly.order.orders.Order;
import io.orderly.order.orders.OrderLine;
import io.orderly.order.participant.AuthorizationResult;
import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.PaymentClient;
import io.orderly.order.participant.Refusal;
import io.orderly.order.participant.ReservationResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The order saga's definition and the builder that checks it, with mocked clients: no Spring, no database. */
class SagaDefinitionTest {

    private static final SagaDefinition SAGA = OrderSaga.DEFINITION;
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final SagaSnapshot SNAPSHOT = new SagaSnapshot(
            "order-1",
            "c-1",
            List.of(new SagaSnapshot.Line("SKU-1", 2)),
            new BigDecimal("5.00"),
            "EUR",
            SagaState.RESERVING,
            RESERVE_STOCK,
            NOW.plusSeconds(30),
            true,
            null);

    private final InventoryClient inventory = mock(InventoryClient.class);
    private final PaymentClient payment = mock(PaymentClient.class);
    private final Participants participants = new Participants(inventory, payment);

    @Test
    void theOrderSagaReservesThenAuthorizesThenConfirmsAndCaptures() {
        assertThat(SAGA.firstStep()).isEqualTo(RESERVE_STOCK);
        assertThat(SAGA.firstState()).isEqualTo(SagaState.RESERVING);
        assertThat(SAGA.nextTry(RESERVE_STOCK)).contains(AUTHORIZE_PAYMENT);
        assertThat(SAGA.stateOf(AUTHORIZE_PAYMENT)).isEqualTo(SagaState.AUTHORIZING);
        assertThat(SAGA.nextTry(AUTHORIZE_PAYMENT)).as("the point of no return").isEmpty();
        assertThat(SAGA.forwardSteps()).containsExactly(CONFIRM_STOCK, CAPTURE_PAYMENT);
        assertThat(SAGA.tryStepIn(SagaState.AUTHORIZING)).isEqualTo(AUTHORIZE_PAYMENT);
    }

    @Test
    void onlyTheTryStatesCanBeCompensated() {
        assertThat(Stream.of(SagaState.values()).filter(SAGA::isTrying))
                .containsExactly(SagaState.RESERVING, SagaState.AUTHORIZING);
    }

    @Test
    void compensationsRunInReverseForEveryTryThatBegan() {
        assertThat(SAGA.compensations()).containsExactly(CANCEL_PAYMENT, CANCEL_RESERVATION);
        assertThat(SAGA.compensationsOf(Set.of(RESERVE_STOCK)::contains)).containsExactly(CANCEL_RESERVATION);
        assertThat(SAGA.compensationsOf(Set.of(RESERVE_STOCK, AUTHORIZE_PAYMENT)::contains))
                .containsExactly(CANCEL_PAYMENT, CANCEL_RESERVATION);
    }

    @Test
    void stepsAreShownInTheOrderTheSagaTakesThem() {
        assertThat(Stream.of(Step.values()).sorted((a, b) -> SAGA.position(a) - SAGA.position(b)))
                .containsExactly(
                        RESERVE_STOCK,
                        AUTHORIZE_PAYMENT,
                        CONFIRM_STOCK,
                        CAPTURE_PAYMENT,
                        CANCEL_PAYMENT,
                        CANCEL_RESERVATION);
    }

    @Test
    void reservingSendsTheLinesAndPricesTheOrderFromTheAnswer() {
        given(inventory.reserve("order-1", List.of(new InventoryClient.Item("SKU-1", 2))))
                .willReturn(new ReservationResult.Reserved(
                        List.of(new ReservationResult.PricedLine("SKU-1", 2, new BigDecimal("2.50"))),
                        new BigDecimal("5.00")));
        Order order = Order.place("order-1", "c-1", List.of(new OrderLine("SKU-1", 2)), NOW);

        StepOutcome outcome = SAGA.call(RESERVE_STOCK, participants, SNAPSHOT);

        assertThat(outcome).isInstanceOf(StepOutcome.Succeeded.class);
        ((StepOutcome.Succeeded) outcome).update().apply(order, NOW);
        assertThat(order.total()).isEqualByComparingTo("5.00");
        assertThat(order.lines().getFirst().unitPrice()).isEqualByComparingTo("2.50");
        verifyNoInteractions(payment);
    }

    @Test
    void authorizingHoldsTheOrdersTotalForItsCustomer() {
        given(payment.authorize("order-1", "c-1", new BigDecimal("5.00"), "EUR"))
                .willReturn(new AuthorizationResult.Authorized());

        assertThat(SAGA.call(AUTHORIZE_PAYMENT, participants, SNAPSHOT)).isInstanceOf(StepOutcome.Succeeded.class);
        verifyNoInteractions(inventory);
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void aRefusalOfEitherTryCancelsTheOrderForItsReason(Refusal refusal) {
        given(inventory.reserve("order-1", List.of(new InventoryClient.Item("SKU-1", 2))))
                .willReturn(new ReservationResult.Refused(refusal, "no"));
        given(payment.authorize("order-1", "c-1", new BigDecimal("5.00"), "EUR"))
                .willReturn(new AuthorizationResult.Refused(refusal, "no"));
        FailureReason expected =
                refusal == Refusal.ALREADY_CANCELLED ? FailureReason.TIMED_OUT : FailureReason.valueOf(refusal.name());

        assertThat(SAGA.call(RESERVE_STOCK, participants, SNAPSHOT)).isEqualTo(StepOutcome.refused(expected, "no"));
        assertThat(SAGA.call(AUTHORIZE_PAYMENT, participants, SNAPSHOT)).isEqualTo(StepOutcome.refused(expected, "no"));
    }

    static Stream<Arguments> actions() {
        return Stream.of(
                Arguments.of(CONFIRM_STOCK, (Consumer<Participants>)
                        p -> verify(p.inventory()).confirm("order-1")),
                Arguments.of(CAPTURE_PAYMENT, (Consumer<Participants>)
                        p -> verify(p.payment()).capture("order-1")),
                Arguments.of(CANCEL_PAYMENT, (Consumer<Participants>)
                        p -> verify(p.payment()).cancel("order-1")),
                Arguments.of(CANCEL_RESERVATION, (Consumer<Participants>)
                        p -> verify(p.inventory()).cancel("order-1")));
    }

    @ParameterizedTest
    @MethodSource("actions")
    void forwardStepsAndCompensationsMakeTheirOneCallAndSucceed(Step step, Consumer<Participants> expectedCall) {
        assertThat(SAGA.call(step, participants, SNAPSHOT)).isInstanceOf(StepOutcome.Succeeded.class);

        expectedCall.accept(participants);
        verifyNoMoreInteractions(inventory, payment);
    }

    static Stream<Arguments> invalidDefinitions() {
        SagaDefinition.Try refuse = (p, s) -> StepOutcome.refused(FailureReason.TIMED_OUT, "");
        SagaDefinition.Action nothing = (p, s) -> {};
        return Stream.of(
                Arguments.of("try step RESERVE_STOCK has no compensation", (Runnable) () -> SagaDefinition.builder()
                        .tryStep(RESERVE_STOCK, SagaState.RESERVING, refuse)
                        .forward(CONFIRM_STOCK, nothing)),
                Arguments.of("compensation CANCEL_RESERVATION without a try step", (Runnable)
                        () -> SagaDefinition.builder().compensatedBy(CANCEL_RESERVATION, nothing)),
                Arguments.of("forward step CONFIRM_STOCK before any try step", (Runnable)
                        () -> SagaDefinition.builder().forward(CONFIRM_STOCK, nothing)),
                Arguments.of("try step AUTHORIZE_PAYMENT after the point of no return", (Runnable)
                        () -> SagaDefinition.builder()
                                .tryStep(RESERVE_STOCK, SagaState.RESERVING, refuse)
                                .compensatedBy(CANCEL_RESERVATION, nothing)
                                .forward(CONFIRM_STOCK, nothing)
                                .tryStep(AUTHORIZE_PAYMENT, SagaState.AUTHORIZING, refuse)),
                Arguments.of("CONFIRMING is the engine's own state", (Runnable)
                        () -> SagaDefinition.builder().tryStep(RESERVE_STOCK, SagaState.CONFIRMING, refuse)),
                Arguments.of("two try steps in state RESERVING", (Runnable) () -> SagaDefinition.builder()
                        .tryStep(RESERVE_STOCK, SagaState.RESERVING, refuse)
                        .compensatedBy(CANCEL_RESERVATION, nothing)
                        .tryStep(AUTHORIZE_PAYMENT, SagaState.RESERVING, refuse)),
                Arguments.of("CONFIRM_STOCK declared twice", (Runnable) () -> SagaDefinition.builder()
                        .tryStep(RESERVE_STOCK, SagaState.RESERVING, refuse)
                        .compensatedBy(CANCEL_RESERVATION, nothing)
                        .forward(CONFIRM_STOCK, nothing)
                        .forward(CONFIRM_STOCK, nothing)),
                Arguments.of("a saga needs a try step and a forward step", (Runnable) () -> SagaDefinition.builder()
                        .tryStep(RESERVE_STOCK, SagaState.RESERVING, refuse)
                        .compensatedBy(CANCEL_RESERVATION, nothing)
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDefinitions")
    void theBuilderRefusesADefinitionTheEngineCouldNotWalk(String problem, Runnable definition) {
        assertThatThrownBy(definition::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid saga definition: " + problem);
    }
}
