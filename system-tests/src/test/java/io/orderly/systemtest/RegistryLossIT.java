package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
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
        api = new Api(system.gatewayUrl());
    }

    @Test
    void trafficFlowsWithoutTheRegistryAndInstancesReRegisterWhenItReturns() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String customer = "R" + run;
        new Ledger().account(api, customer, "500.00");

        system.discovery.kill();
        long downSince = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        int orders = 0;
        while (System.nanoTime() - downSince < Duration.ofSeconds(20).toNanos()) {
            statuses.add(api.get("/api/products/SKU-2").status());
            statuses.add(api.get("/api/accounts/" + customer).status());
            Api.Response placed = api.post(
                    "/api/orders",
                    Map.of("customerId", customer, "items", List.of(Map.of("sku", "SKU-2", "quantity", 1))),
                    OrderClient.headers("r-" + run + "-" + orders++));
            statuses.add(placed.status());
            ServiceProcess.pause(200);
        }
        System.out.printf(
                "%nREGISTRY LOSS: %d requests in 20 s without a registry, statuses %s%n",
                statuses.size(), statuses.stream().distinct().sorted().toList());
        assertThat(statuses)
                .as("every request answered normally without the registry")
                .allSatisfy(s -> assertThat(s).isIn(200, 201, 202));
        int placedOrders = orders;
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Ledger.ordersOf(api, customer))
                        .hasSize(placedOrders)
                        .allSatisfy(o -> assertThat(o.path("status").asString()).isEqualTo("CONFIRMED")));

        // Traffic goes on while the registry restarts empty and the instances register again.
        List<Integer> during = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread traffic = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                during.add(api.get("/api/products/SKU-2").status());
                during.add(api.get("/api/accounts/" + customer).status());
                ServiceProcess.pause(100);
            }
        });
        ServiceProcess registry = system.restartDiscovery("discovery-service-restarted-" + run);
        long back = System.nanoTime();
        Api eureka = new Api(registry.url());
        List<String> expected = new ArrayList<>(List.of("GATEWAY-SERVICE"));
        system.instances.forEach((service, list) -> {
            if (list.stream().anyMatch(ServiceProcess::isAlive)) {
                expected.add(service.toUpperCase());
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        String apps = eureka.get("/eureka/apps").body();
                        assertThat(apps).contains(expected);
                    });
            System.out.printf(
                    "REGISTRY BACK: %s registered again %.1f s after the registry restarted; %d requests "
                            + "meanwhile, statuses %s%n%n",
                    expected,
                    (System.nanoTime() - back) / 1e9,
                    during.size(),
                    during.stream().distinct().sorted().toList());
            ServiceProcess.pause(8000); // clients' registry copies and balancer caches refresh
        } finally {
            stop.set(true);
            try {
                traffic.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(during)
                .as("no request failed while the registry came back")
                .allSatisfy(s -> assertThat(s).isEqualTo(200));
        assertThat(api.get("/api/products/SKU-2").status()).isEqualTo(200);
    }
}
