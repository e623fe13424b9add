package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of an order-service instance in the middle of sagas: the sagas it was driving are resumed
 * by the surviving instance's recovery worker, and no order is lost, doubled or left holding stock
 * or money.
 */
class SagaCrashRecoveryIT {

    static OrderlySystem system;
    static Api api;

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        api = system.api();
    }

    @Test
    void sagasInterruptedByAKilledInstanceStillFinish() throws Exception {
        List<ServiceProcess> orders = system.instances.get("order-service");
        ServiceProcess second = system.addInstance("order-service", orders.size());
        ServiceProcess victim = orders.getFirst();
        // The load starts once the gateway demonstrably routes orders to both instances.
        Routing.awaitRoutesToEach(api, Routing.ORDERS, List.of(victim, second));

        String run = UUID.randomUUID().toString().substring(0, 6);
        Ledger ledger = new Ledger();
        String sku = "K" + run;
        ledger.product(api, sku, "2.50", 1000);
        String customer = Tokens.newCustomer();
        ledger.account(api, customer, "5000.00");

        int total = 120;
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        long killedAt;
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        Api.Response r = OrderClient.place(
                                api, "crash-" + run + "-" + i, Orders.of(customer, sku, 1 + i % 3), retries);
                        assertThat(r.status()).as(r.body()).isIn(201, 202);
                        ids.add(r.json().path("id").asString());
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> next.get() >= total / 3);
            victim.kill();
            killedAt = System.nanoTime();
            orders.remove(victim);
            for (Future<?> f : futures) {
                f.get();
            }
        }
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(Ledger.ordersOf(api, customer))
                        .allSatisfy(o -> assertThat(o.path("status").asString()).isIn("CONFIRMED", "CANCELLED")));
        double settleSeconds = (System.nanoTime() - killedAt) / 1e9;

        List<JsonNode> placed = Ledger.ordersOf(api, customer);
        assertThat(placed).as("one order per key, none lost").hasSize(total);
        assertThat(placed)
                .allSatisfy(o -> assertThat(o.path("status").asString()).isEqualTo("CONFIRMED"));
        Api inventory = system.api(
                        system.instances.get("inventory-service").getFirst().url())
                .asOrderService();
        Api payment = system.api(
                        system.instances.get("payment-service").getFirst().url())
                .asOrderService();
        List<String> violations = ledger.violations(api, inventory, payment);
        System.out.printf(
                "%nCRASH RUN: %d orders, order-service-0 killed (-9) after %d; all settled %.1f s after the "
                        + "kill; client retries %d; violations %d%n%n",
                total, total / 3, settleSeconds, retries.get(), violations.size());
        assertThat(violations).isEmpty();
    }
}
