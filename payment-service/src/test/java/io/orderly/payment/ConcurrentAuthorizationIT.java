package io.orderly.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.payment.PaymentServiceClient.AccountView;
import io.orderly.payment.PaymentServiceClient.Reply;
import io.orderly.testsupport.PostgresTestDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Concurrent participant calls over real HTTP against PostgreSQL: the account row lock and the
 * payment primary key must keep the money exact. Bounded, and to 127.0.0.1 only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({PostgresTestDatabase.class, StandInAuthServer.class})
class ConcurrentAuthorizationIT {

    private static final int ENOUGH_FOR = 20;
    private static final int ATTEMPTS = 60;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    PaymentServiceClient client;
    String customer;
    String run;

    @BeforeEach
    void anAccountWithMoneyForExactlyTwentyPaymentsOfFiveEuro() {
        client = new PaymentServiceClient(port);
        run = UUID.randomUUID().toString().substring(0, 8);
        customer = "load-" + run;
        assertThat(client.openAccount(customer, "100.00").status()).isEqualTo(201);
    }

    /** Starts all calls at once, each on its own virtual thread, and collects the answers in order. */
    private static List<Reply> concurrently(List<Supplier<Reply>> calls)
            throws InterruptedException, ExecutionException, TimeoutException {
        CountDownLatch start = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Reply>> futures = new ArrayList<>();
            for (Supplier<Reply> call : calls) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get(60, TimeUnit.SECONDS));
            }
            return replies;
        }
    }

    private long paymentRows(String customerId) {
        return jdbc.queryForObject("SELECT count(*) FROM payment WHERE customer_id = ?", Long.class, customerId);
    }

    @Test
    void onlyAsManyAuthorizationsAsTheBalanceCoversSucceed() throws Exception {
        List<Supplier<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            String orderId = "o-" + run + "-" + i;
            calls.add(() -> client.authorize(orderId, customer, "5.00"));
        }

        List<Reply> replies = concurrently(calls);

        assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(ENOUGH_FOR);
        assertThat(replies)
                .filteredOn(r -> r.status() != 201)
                .hasSize(ATTEMPTS - ENOUGH_FOR)
                .allSatisfy(r -> {
                    assertThat(r.status()).as(r.body()).isEqualTo(409);
                    assertThat(r.slug()).isEqualTo("insufficient-funds");
                });
        assertThat(client.accountOf(customer)).isEqualTo(AccountView.of(customer, "100.00", "100.00"));
        assertThat(paymentRows(customer)).isEqualTo(ENOUGH_FOR);
    }

    @Test
    void oneOrderAuthorizedTwentyTimesAtOnceIsHeldOnce() throws Exception {
        String orderId = "o-" + run;
        List<Supplier<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> client.authorize(orderId, customer, "5.00"));
        }

        List<Reply> replies = concurrently(calls);

        assertThat(replies)
                .extracting(Reply::status)
                .as(replies.toString())
                .containsOnly(201, 200)
                .filteredOn(status -> status == 201)
                .hasSize(1);
        assertThat(replies).allSatisfy(r -> assertThat(r.payment().status()).isEqualTo("AUTHORIZED"));
        assertThat(client.accountOf(customer)).isEqualTo(AccountView.of(customer, "100.00", "5.00"));
        assertThat(paymentRows(customer)).isEqualTo(1);
    }

    @Test
    void oneOrderAuthorizedWithOtherTermsAtOnceIsHeldOnceAndTheRestMismatch() throws Exception {
        String orderId = "o-" + run;
        List<Supplier<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String amount = (i + 1) + ".00";
            calls.add(() -> client.authorize(orderId, customer, amount));
        }

        List<Reply> replies = concurrently(calls);

        assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(replies)
                .filteredOn(r -> r.status() != 201)
                .hasSize(19)
                .allSatisfy(r -> assertThat(r.slug()).as(r.body()).isEqualTo("payment-mismatch"));
        var held = client.payment(orderId).payment().amount();
        assertThat(client.accountOf(customer).held()).isEqualTo(held);
    }

    @Test
    void cancelsRacingAuthorizationsLeaveNothingHeld() throws Exception {
        List<Supplier<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String orderId = "o-" + run + "-" + i;
            calls.add(() -> client.authorize(orderId, customer, "5.00"));
            calls.add(() -> client.cancel(orderId));
        }

        List<Reply> replies = concurrently(calls);

        for (int i = 0; i < replies.size(); i += 2) {
            Reply authorize = replies.get(i);
            Reply cancel = replies.get(i + 1);
            assertThat(authorize.status()).as(authorize.body()).isIn(201, 409);
            if (authorize.status() == 409) {
                assertThat(authorize.slug()).isEqualTo("payment-cancelled");
            }
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
            assertThat(cancel.payment().status()).isEqualTo("CANCELLED");
        }
        assertThat(client.accountOf(customer)).isEqualTo(AccountView.of(customer, "100.00", "0.00"));
        assertThat(jdbc.queryForList(
                        "SELECT DISTINCT status FROM payment WHERE order_id LIKE ?", String.class, "o-" + run + "-%"))
                .containsExactly("CANCELLED");
    }

    @Test
    void capturesRacingCancelsMoveEachPaymentOneWayOnly() throws Exception {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String orderId = "o-" + run + "-" + i;
            assertThat(client.authorize(orderId, customer, "5.00").status()).isEqualTo(201);
            orders.add(orderId);
        }
        List<Supplier<Reply>> calls = new ArrayList<>();
        for (String orderId : orders) {
            calls.add(() -> client.capture(orderId));
            calls.add(() -> client.cancel(orderId));
        }

        List<Reply> replies = concurrently(calls);

        int captured = 0;
        for (int i = 0; i < replies.size(); i += 2) {
            Reply capture = replies.get(i);
            Reply cancel = replies.get(i + 1);
            if (capture.status() == 200) {
                captured++;
                assertThat(cancel.slug()).as(cancel.body()).isEqualTo("payment-captured");
            } else {
                assertThat(capture.slug()).as(capture.body()).isEqualTo("payment-cancelled");
                assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
            }
        }
        String balance = PaymentServiceClient.eur("100.00")
                .subtract(PaymentServiceClient.eur("5.00").multiply(BigDecimal.valueOf(captured)))
                .toPlainString();
        assertThat(client.accountOf(customer)).isEqualTo(AccountView.of(customer, balance, "0.00"));
    }

    @Test
    void cancelsOfOneUnknownOrderAtOnceLeaveOneTombstone() throws Exception {
        String orderId = "o-" + run;
        List<Supplier<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> client.cancel(orderId));
        }

        List<Reply> replies = concurrently(calls);

        assertThat(replies).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.payment().status()).isEqualTo("CANCELLED");
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment WHERE order_id = ?", Long.class, orderId))
                .isEqualTo(1);
    }
}
