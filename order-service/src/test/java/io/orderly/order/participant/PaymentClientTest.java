package io.orderly.order.participant;

import static io.orderly.order.participant.ParticipantTestSupport.calls;
import static io.orderly.order.participant.ParticipantTestSupport.json;
import static io.orderly.order.participant.ParticipantTestSupport.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.client.ExpectedCount.times;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.content;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

/** Every answer of payment's participant API, as the payment client reads it; no Spring context. */
class PaymentClientTest {

    private static final String PAYMENT = "http://payment-service/payments/order-1";
    private static final BigDecimal AMOUNT = new BigDecimal("25.00");

    private final ServiceTokenCheck tokens = new ServiceTokenCheck("payment.payments");
    private final RestClient.Builder builder = tokens.builder("http://payment-service");
    private final MockRestServiceServer server =
            MockRestServiceServer.bindTo(builder).build();
    private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("payment");
    private final PaymentClient payment = new PaymentClient(builder.build(), calls("payment", breaker));

    @AfterEach
    void everyRequestCarriedAValidServiceTokenWithTheScope() {
        assertThat(tokens.refused()).isEmpty();
    }

    @Test
    void anAuthorizationHoldsTheAmountForTheCustomer() {
        server.expect(requestTo(PAYMENT))
                .andExpect(method(HttpMethod.PUT))
                .andExpect(content()
                        .json(ParticipantTestSupport.JSON.writeValueAsString(
                                Map.of("customerId", "c-1", "amount", AMOUNT, "currency", "EUR"))))
                .andRespond(json(HttpStatus.CREATED, Map.of("orderId", "order-1", "status", "AUTHORIZED")));

        assertThat(payment.authorize("order-1", "c-1", AMOUNT, "EUR")).isEqualTo(new AuthorizationResult.Authorized());
        server.verify();
    }

    @Test
    void insufficientFundsAndAnUnknownCustomerAreRefusals() {
        server.expect(requestTo(PAYMENT)).andRespond(problem(HttpStatus.CONFLICT, "insufficient-funds", "Poor"));
        server.expect(requestTo(PAYMENT)).andRespond(problem(HttpStatus.NOT_FOUND, "unknown-customer", "Who"));

        assertThat(payment.authorize("order-1", "c-1", AMOUNT, "EUR"))
                .isEqualTo(new AuthorizationResult.Refused(Refusal.INSUFFICIENT_FUNDS, "Poor"));
        assertThat(payment.authorize("order-1", "c-1", AMOUNT, "EUR"))
                .isEqualTo(new AuthorizationResult.Refused(Refusal.UNKNOWN_CUSTOMER, "Who"));
    }

    @Test
    void aPaymentCancelledFirstIsRefusedAsAlreadyCancelled() {
        server.expect(requestTo(PAYMENT))
                .andRespond(problem(HttpStatus.CONFLICT, "payment-cancelled", "Cancelled before"));

        assertThat(payment.authorize("order-1", "c-1", AMOUNT, "EUR"))
                .as("the saga cancels the order as TIMED_OUT (OrderSaga.reasonFor)")
                .isEqualTo(new AuthorizationResult.Refused(Refusal.ALREADY_CANCELLED, "Cancelled before"));
    }

    @Test
    void a429IsRetriedInTheCallThenAnUnknownOutcome() {
        server.expect(times(3), requestTo(PAYMENT)).andRespond(withStatus(HttpStatus.TOO_MANY_REQUESTS));

        assertThatThrownBy(() -> payment.authorize("order-1", "c-1", AMOUNT, "EUR"))
                .isInstanceOf(ParticipantUnavailableException.class)
                .hasMessage("payment authorize answered 429");
        server.verify();
    }

    @Test
    void anOpenBreakerFailsAtOnceWithoutACall() {
        breaker.transitionToOpenState();

        assertThatThrownBy(() -> payment.authorize("order-1", "c-1", AMOUNT, "EUR"))
                .isInstanceOf(ParticipantUnavailableException.class)
                .hasMessage("payment authorize: circuit breaker open");
        assertThatThrownBy(() -> payment.capture("order-1"))
                .isInstanceOf(ParticipantUnavailableException.class)
                .hasMessage("payment capture: circuit breaker open");
        server.verify();
    }

    @Test
    void captureAndCancelPostToThePayment() {
        server.expect(requestTo(PAYMENT + "/capture"))
                .andExpect(method(HttpMethod.POST))
                .andRespond(withSuccess());
        server.expect(requestTo(PAYMENT + "/cancel"))
                .andExpect(method(HttpMethod.POST))
                .andRespond(withSuccess());

        payment.capture("order-1");
        payment.cancel("order-1");

        server.verify();
    }

    @Test
    void aCancelAfterACaptureIsUnexpectedAndNotRetried() {
        server.expect(times(1), requestTo(PAYMENT + "/cancel"))
                .andRespond(problem(HttpStatus.CONFLICT, "payment-captured", "Captured"));

        assertThatThrownBy(() -> payment.cancel("order-1"))
                .isInstanceOf(UnexpectedParticipantResponseException.class)
                .hasMessage("payment cancel answered 409 payment-captured: Captured");
        server.verify();
    }
}
