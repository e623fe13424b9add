package io.orderly.order.saga;

import static io.orderly.order.saga.Step.AUTHORIZE_PAYMENT;
import static io.orderly.order.saga.Step.CANCEL_RESERVATION;
import static io.orderly.order.saga.Step.RESERVE_STOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.orderly.order.orders.FailureReason;
import io.orderly.order.participant.AuthorizationResult;
import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.ParticipantUnavailableException;
import io.orderly.order.participant.PaymentClient;
import io.orderly.order.participant.Refusal;
import io.orderly.order.participant.ReservationResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** The engine loop alone, with the transitions and the participants mocked: no Spring, no database. */
class SagaEngineTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final SagaTransitions transitions = mock(SagaTransitions.class);
    private final InventoryClient inventory = mock(InventoryClient.class);
    private final PaymentClient payment = mock(PaymentClient.class);
    private final SagaCompletions completions = new SagaCompletions();
    private final SagaOrchestrator engine = new SagaOrchestrator(
            transitions,
            new Participants(inventory, payment),
            completions,
            NoTracing.sagaTracing(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static SagaSnapshot at(SagaState state, Step next, Instant deadline) {
        return new SagaSnapshot(
                "order-1",
                "c-1",
                List.of(new SagaSnapshot.Line("SKU-1", 2)),
                new BigDecimal("5.00"),
                "EUR",
                state,
                next,
                deadline,
                OrderSaga.DEFINITION.isTrying(state),
                null);
    }

    static SagaSnapshot at(SagaState state, Step next) {
        return at(state, next, NOW.plusSeconds(30));
    }

    @Test
    void makesEachStepsCallThenWritesItsOutcomeBeforeTheNextCall() {
        given(transitions.resume("order-1", "me")).willReturn(at(SagaState.RESERVING, RESERVE_STOCK));
        given(inventory.reserve(eq("order-1"), anyList()))
                .willReturn(new ReservationResult.Reserved(
                        List.of(new ReservationResult.PricedLine("SKU-1", 2, new BigDecimal("2.50"))),
                        new BigDecimal("5.00")));
        given(transitions.record(eq("order-1"), eq("me"), eq(RESERVE_STOCK), any()))
                .willReturn(at(SagaState.AUTHORIZING, AUTHORIZE_PAYMENT));
        given(payment.authorize("order-1", "c-1", new BigDecimal("5.00"), "EUR"))
                .willReturn(new AuthorizationResult.Refused(Refusal.INSUFFICIENT_FUNDS, "poor"));
        given(transitions.record(eq("order-1"), eq("me"), eq(AUTHORIZE_PAYMENT), any()))
                .willReturn(at(SagaState.COMPENSATING, CANCEL_RESERVATION));
        given(transitions.record(eq("order-1"), eq("me"), eq(CANCEL_RESERVATION), any()))
                .willReturn(at(SagaState.CANCELLED, null));
        var ended = completions.register("order-1");

        assertThat(engine.drive("order-1", "me")).isEqualTo(SagaState.CANCELLED);

        InOrder order = inOrder(inventory, payment, transitions);
        order.verify(inventory).reserve("order-1", List.of(new InventoryClient.Item("SKU-1", 2)));
        order.verify(transitions).record(eq("order-1"), eq("me"), eq(RESERVE_STOCK), any(StepOutcome.Succeeded.class));
        order.verify(payment).authorize("order-1", "c-1", new BigDecimal("5.00"), "EUR");
        order.verify(transitions)
                .record(
                        "order-1",
                        "me",
                        AUTHORIZE_PAYMENT,
                        StepOutcome.refused(FailureReason.INSUFFICIENT_FUNDS, "poor"));
        order.verify(inventory).cancel("order-1");
        order.verify(transitions)
                .record(eq("order-1"), eq("me"), eq(CANCEL_RESERVATION), any(StepOutcome.Succeeded.class));
        assertThat(ended).isCompletedWithValue(SagaState.CANCELLED);
    }

    @Test
    void anUnknownOutcomeIsDeferredAndStopsTheLoop() {
        given(transitions.resume("order-1", "me")).willReturn(at(SagaState.RESERVING, RESERVE_STOCK));
        given(inventory.reserve(eq("order-1"), anyList()))
                .willThrow(new ParticipantUnavailableException("inventory reserve answered 503", null));

        assertThat(engine.drive("order-1", "me")).isEqualTo(SagaState.RESERVING);

        verify(transitions).deferred("order-1", "me", RESERVE_STOCK, "inventory reserve answered 503");
        verify(transitions, never()).record(any(), any(), any(), any());
    }

    @Test
    void pastTheDeadlineATrySagaTimesOutBeforeAnyCall() {
        given(transitions.resume("order-1", "me"))
                .willReturn(at(SagaState.AUTHORIZING, AUTHORIZE_PAYMENT, NOW.minusMillis(1)));
        given(transitions.timedOut("order-1", "me")).willReturn(at(SagaState.CANCELLED, null));

        assertThat(engine.drive("order-1", "me")).isEqualTo(SagaState.CANCELLED);

        verifyNoInteractions(payment, inventory);
    }

    @Test
    void aSagaLeasedByAnotherInstanceIsNotDriven() {
        given(transitions.resume("order-1", "me")).willThrow(new LeaseLostException("order-1", "me", "other"));

        assertThat(engine.drive("order-1", "me")).isNull();

        verifyNoInteractions(inventory, payment);
    }
}
