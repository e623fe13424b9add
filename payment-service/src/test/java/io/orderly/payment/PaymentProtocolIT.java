package io.orderly.payment;

import static io.orderly.payment.PaymentServiceClient.eur;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.payment.PaymentServiceClient.AccountView;
import io.orderly.payment.PaymentServiceClient.PaymentView;
import io.orderly.payment.PaymentServiceClient.Reply;
import io.orderly.testsupport.PostgresTestDatabase;
import io.orderly.testsupport.TraceIds;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Every row of the payment participant protocol (DESIGN section 5, architecture.md), and the
 * accounts API, over HTTP against PostgreSQL, with the account checked after each step.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({PostgresTestDatabase.class, StandInAuthServer.class})
class PaymentProtocolIT {

    @LocalServerPort
    int port;

    PaymentServiceClient client;
    String customer;

    @BeforeEach
    void anAccountWithOneHundredEuro() {
        client = new PaymentServiceClient(port);
        customer = "it-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(client.openAccount(customer, "100.00").status()).isEqualTo(201);
    }

    private static String anOrderId() {
        return "o-" + UUID.randomUUID();
    }

    private void assertAccount(String balance, String held) {
        assertThat(client.accountOf(customer)).isEqualTo(AccountView.of(customer, balance, held));
    }

    private static void assertProblem(Reply reply, int status, String slug) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.problem().slug()).isEqualTo(slug);
    }

    private PaymentView authorized(String orderId, String amount) {
        Reply reply = client.authorize(orderId, customer, amount);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.payment();
    }

    @Test
    void authorizeHoldsTheAmountAndARepeatAnswersTheSamePayment() {
        String orderId = anOrderId();

        Reply first = client.authorize(orderId, customer, "25.00");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.location()).isEqualTo("/payments/" + orderId);
        PaymentView expected = new PaymentView(orderId, customer, "AUTHORIZED", eur("25.00"), "EUR");
        assertThat(first.payment()).isEqualTo(expected);
        assertAccount("100.00", "25.00");

        Reply repeat = client.authorize(orderId, customer, "25");
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.payment()).isEqualTo(expected);
        assertAccount("100.00", "25.00");

        Reply probe = client.payment(orderId);
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.payment()).isEqualTo(expected);
    }

    @Test
    void sameOrderWithOtherTermsIsAMismatchAndHoldsNothingMore() {
        String orderId = anOrderId();
        authorized(orderId, "25.00");
        String otherCustomer = "it-" + UUID.randomUUID().toString().substring(0, 8);
        client.openAccount(otherCustomer, "100.00");

        assertProblem(client.authorize(orderId, customer, "25.01"), 422, "payment-mismatch");
        assertProblem(client.authorize(orderId, otherCustomer, "25.00"), 422, "payment-mismatch");

        assertAccount("100.00", "25.00");
        assertThat(client.accountOf(otherCustomer)).isEqualTo(AccountView.of(otherCustomer, "100.00", "0.00"));
        assertThat(client.payment(orderId).payment().amount()).isEqualTo(eur("25.00"));
    }

    @Test
    void authorizeBeyondTheAvailableMoneyIsRefusedAndWritesNothing() {
        authorized(anOrderId(), "60.00");
        String refused = anOrderId();

        assertProblem(client.authorize(refused, customer, "40.01"), 409, "insufficient-funds");

        assertAccount("100.00", "60.00");
        assertProblem(client.payment(refused), 404, "payment-not-found");

        String lastCent = anOrderId();
        authorized(lastCent, "40.00");
        assertAccount("100.00", "100.00");
    }

    @Test
    void authorizeForAnUnknownCustomerIsRefusedAndWritesNothing() {
        String orderId = anOrderId();

        assertProblem(
                client.authorize(
                        orderId, "nobody-" + UUID.randomUUID().toString().substring(0, 8), "5.00"),
                404,
                "unknown-customer");

        assertProblem(client.payment(orderId), 404, "payment-not-found");
        assertAccount("100.00", "0.00");
    }

    @Test
    void cancelFirstLeavesATombstoneThatRefusesTheLateAuthorization() {
        String orderId = anOrderId();
        PaymentView tombstone = new PaymentView(orderId, null, "CANCELLED", eur("0.00"), "EUR");

        Reply cancel = client.cancel(orderId);
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.payment()).isEqualTo(tombstone);

        Reply again = client.cancel(orderId);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.payment()).isEqualTo(tombstone);

        assertProblem(client.authorize(orderId, customer, "25.00"), 409, "payment-cancelled");
        assertAccount("100.00", "0.00");
        assertProblem(client.capture(orderId), 409, "payment-cancelled");
        assertAccount("100.00", "0.00");
        assertThat(client.payment(orderId).payment()).isEqualTo(tombstone);
    }

    @Test
    void captureTakesTheHeldAmountOnceAndThenRefusesACancel() {
        String orderId = anOrderId();
        authorized(orderId, "30.00");
        PaymentView captured = new PaymentView(orderId, customer, "CAPTURED", eur("30.00"), "EUR");

        Reply capture = client.capture(orderId);
        assertThat(capture.status()).isEqualTo(200);
        assertThat(capture.payment()).isEqualTo(captured);
        assertAccount("70.00", "0.00");

        Reply again = client.capture(orderId);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.payment()).isEqualTo(captured);
        assertAccount("70.00", "0.00");

        assertProblem(client.cancel(orderId), 409, "payment-captured");
        assertAccount("70.00", "0.00");

        Reply repeatedAuthorize = client.authorize(orderId, customer, "30.00");
        assertThat(repeatedAuthorize.status()).isEqualTo(200);
        assertThat(repeatedAuthorize.payment()).isEqualTo(captured);
        assertAccount("70.00", "0.00");
        assertThat(client.payment(orderId).payment()).isEqualTo(captured);
    }

    @Test
    void captureOfAnUnknownOrderIsNotFoundAndWritesNothing() {
        String orderId = anOrderId();

        assertProblem(client.capture(orderId), 404, "payment-not-found");

        assertProblem(client.payment(orderId), 404, "payment-not-found");
        assertAccount("100.00", "0.00");
    }

    @Test
    void cancelReleasesTheHeldAmountOnceAndThenRefusesCaptureAndAuthorize() {
        String orderId = anOrderId();
        authorized(orderId, "40.00");
        assertAccount("100.00", "40.00");
        PaymentView cancelled = new PaymentView(orderId, customer, "CANCELLED", eur("40.00"), "EUR");

        Reply cancel = client.cancel(orderId);
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.payment()).isEqualTo(cancelled);
        assertAccount("100.00", "0.00");

        Reply again = client.cancel(orderId);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.payment()).isEqualTo(cancelled);
        assertAccount("100.00", "0.00");

        assertProblem(client.capture(orderId), 409, "payment-cancelled");
        assertAccount("100.00", "0.00");
        assertProblem(client.authorize(orderId, customer, "40.00"), 409, "payment-cancelled");
        assertAccount("100.00", "0.00");
        assertThat(client.payment(orderId).payment()).isEqualTo(cancelled);
    }

    @Test
    void getOfAnUnknownOrderIsNotFound() {
        assertProblem(client.payment(anOrderId()), 404, "payment-not-found");
    }

    @Test
    void depositsAddToTheBalanceAndLeaveHeldMoneyAlone() {
        authorized(anOrderId(), "10.00");

        Reply deposit = client.deposit(customer, "15.50");

        assertThat(deposit.status()).isEqualTo(200);
        assertThat(deposit.account()).isEqualTo(AccountView.of(customer, "115.50", "10.00"));
        assertAccount("115.50", "10.00");
        assertProblem(
                client.deposit("nobody-" + UUID.randomUUID().toString().substring(0, 8), "1.00"),
                404,
                "unknown-customer");
    }

    @Test
    void openAccountAnswersTheAccountAndRefusesATakenId() {
        String other = "it-" + UUID.randomUUID().toString().substring(0, 8);

        Reply open = client.openAccountWithBalanceAlias(other, "12.3");

        assertThat(open.status()).isEqualTo(201);
        assertThat(open.location()).isEqualTo("/api/accounts/" + other);
        assertThat(open.account()).isEqualTo(AccountView.of(other, "12.30", "0.00"));
        assertProblem(client.openAccount(other, "99.00"), 409, "account-exists");
        assertThat(client.accountOf(other)).isEqualTo(AccountView.of(other, "12.30", "0.00"));
        assertProblem(
                client.account("nobody-" + UUID.randomUUID().toString().substring(0, 8)), 404, "unknown-customer");
    }

    @Test
    void demoCustomersAreThere() {
        assertThat(client.accountOf("c-10")).isEqualTo(AccountView.of("c-10", "10000.00", "0.00"));
    }

    @Test
    void overHttpACustomerSeesItsOwnAccountAndNoOtherAndNoTokenIsAChallenge() {
        PaymentServiceClient me = client.as(PaymentServiceClient.TOKENS.customer(customer));
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(me.accountOf(customer)).isEqualTo(AccountView.of(customer, "100.00", "0.00"));
        Reply others = me.account("c-10");
        Reply unknown = me.account(nobody);
        assertProblem(others, 404, "unknown-customer");
        assertThat(TraceIds.masked(others.body()).replace("c-10", "ID"))
                .isEqualTo(TraceIds.masked(unknown.body()).replace(nobody, "ID"));
        assertProblem(me.deposit("c-10", "1.00"), 404, "unknown-customer");
        assertThat(client.accountOf("c-10")).isEqualTo(AccountView.of("c-10", "10000.00", "0.00"));

        Reply anonymous = client.as(null).account(customer);
        assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.challenge()).startsWith("Bearer");
    }
}
