package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Losing the registry: with discovery-service killed, traffic keeps flowing on the registry copies
 * the gateway and order-service hold; when a registry comes back, every instance registers again
 * by itself.
 */
class RegistryLossIT {

    static OrderlySystem system;
    static Api api;

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        api = system.api();
    }

    /** Two refreshes of the clients' registry copies (fetch every 2 s) and balancer caches (2 s). */
    static final Duration CLIENT_REFRESH = Duration.ofSeconds(8);

    @Test
    void trafficFlowsWithoutTheRegistryAndInstancesReRegisterWhenItReturns() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String customer = Tokens.newCustomer();
        String sku = "R" + run + "-sku";
        Ledger ledger = new Ledger();
        ledger.account(api, customer, "500.00");
        ledger.product(api, sku, "2.50", 1000);

        system.discovery.kill();
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger orders = new AtomicInteger();
        // Every 200 ms for 20 s: a product read, an account read and an order.
        int rounds = PacedLoad.start("without-registry", Duration.ofMillis(200), 100, Duration.ofSeconds(20), () -> {
                    statuses.add(api.get("/api/products/" + sku).status());
                    statuses.add(api.get("/api/accounts/" + customer).status());
                    Api.Response placed = api.as(customer)
                            .post(
                                    "/api/orders",
                                    Orders.of(customer, sku, 1),
                                    OrderClient.headers("r-" + run + "-" + orders.getAndIncrement()));
                    statuses.add(placed.status());
                })
                .awaitEnd();
        System.out.printf(
                "%nREGISTRY LOSS: %d requests in %d rounds without a registry, statuses %s%n",
                statuses.size(), rounds, statuses.stream().distinct().sorted().toList());
        assertThat(rounds).as("rounds of traffic without the registry").isGreaterThan(10);
        assertThat(statuses)
                .as("every request answered normally without the registry")
                .allSatisfy(s -> assertThat(s).isIn(200, 201, 202));
        int placedOrders = orders.get();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Ledger.ordersOf(api, customer))
                        .hasSize(placedOrders)
                        .allSatisfy(o -> assertThat(o.path("status").asString()).isEqualTo("CONFIRMED")));

        // Traffic goes on while the registry restarts empty and the instances register again.
        List<Integer> during = Collections.synchronizedList(new ArrayList<>());
        try (PacedLoad traffic =
                PacedLoad.start("registry-back", Duration.ofMillis(100), 5000, Duration.ofMinutes(6), () -> {
                    during.add(api.get("/api/products/" + sku).status());
                    during.add(api.get("/api/accounts/" + customer).status());
                })) {
            ServiceProcess registry = system.restartDiscovery("discovery-service-restarted-" + run);
            long back = System.nanoTime();
            Api eureka = RegistryAccess.api(registry);
            List<String> expected = new ArrayList<>(List.of("GATEWAY-SERVICE"));
            system.instances.forEach((service, list) -> {
                if (list.stream().anyMatch(ServiceProcess::isAlive)) {
                    expected.add(service.toUpperCase());
                }
            });
            // The registry answers fetches again (it refuses them while it may still be incomplete)
            // and lists every service: from now on the clients replace their copies with its list.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Api.Response apps = eureka.get("/eureka/apps");
                        assertThat(apps.status()).isEqualTo(200);
                        assertThat(apps.body()).contains(expected);
                    });
            System.out.printf(
                    "REGISTRY BACK: %s registered again %.1f s after the registry restarted; %d requests "
                            + "meanwhile, statuses %s%n%n",
                    expected,
                    (System.nanoTime() - back) / 1e9,
                    during.size(),
                    // A copy: the traffic loop adds to the list meanwhile (a synchronized list's stream is not).
                    List.copyOf(during).stream().distinct().sorted().toList());
            // While the clients' copies and balancer caches refresh from the new registry, every
            // request goes on being answered: checked all along the window, failing at the first error.
            int before = traffic.calls();
            await().during(CLIENT_REFRESH)
                    .atMost(CLIENT_REFRESH.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast(
                            "a request failed while the clients refreshed from the new registry",
                            () -> List.copyOf(during).stream().anyMatch(s -> s != 200))
                    .untilAsserted(() -> assertThat(List.copyOf(during))
                            .as("no request failed while the registry came back")
                            .allSatisfy(s -> assertThat(s).isEqualTo(200)));
            assertThat(traffic.calls() - before)
                    .as("traffic went on during the refresh")
                    .isGreaterThan(10);
        }
        assertThat(during)
                .as("no request failed while the registry came back")
                .allSatisfy(s -> assertThat(s).isEqualTo(200));
        assertThat(api.get("/api/products/" + sku).status()).isEqualTo(200);
    }
}
