package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Chaos under load: two instances of each domain service (three of inventory) behind the gateway, a
 * bounded load of order creations and reads, kill -9 of one instance of each service at different
 * moments, one restart, and one graceful stop (SIGTERM). Afterwards every saga settles and every
 * invariant holds.
 */
class ChaosIT {

    static final Duration LOAD = Duration.ofSeconds(Integer.getInteger("orderly.chaos.seconds", 50));
    static final int MAX_ORDERS = 1500;

    static OrderlySystem system;
    static Api api;

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        api = new Api(system.gatewayUrl());
    }

    /** One client call: when it started (ms since load start), what it was, and how it ended. */
    record Call(long atMillis, boolean order, int firstStatus, int finalStatus, int attempts, long micros) {}

    /** A fault injected at a moment of the load; port is the killed instance's (0 for a start). */
    record Fault(String what, long atMillis, int port) {}

    @Test
    void killingInstancesUnderLoadLosesNoOrderAndShowsNoErrorToCarefulClients() throws Exception {
        ensureInstances("inventory-service", 3);
        ensureInstances("payment-service", 2);
        ensureInstances("order-service", 2);
        ServiceProcess.pause(6000); // the gateway and order-service refresh their registry view every 2 s

        String run = UUID.randomUUID().toString().substring(0, 6);
        Ledger ledger = new Ledger();
        List<String> skus = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            skus.add("X" + run + "-" + i);
            ledger.product(api, skus.getLast(), i + ".00", 5000);
        }
        List<String> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            customers.add("X" + run + "-c" + i);
            ledger.account(api, customers.getLast(), "100000.00");
        }

        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        List<String> orderIds = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger orderNumber = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long t0 = System.nanoTime();
        List<Fault> faults = new ArrayList<>();
        List<String> callers = new ArrayList<>(List.of(system.gatewayUrl()));
        system.instances.get("order-service").forEach(p -> callers.add(p.url()));
        try (TrafficWatch watch = new TrafficWatch(callers, system.discovery.url());
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while (!stop.get() && (i = orderNumber.getAndIncrement()) < MAX_ORDERS) {
                        long start = System.nanoTime();
                        var body = Map.of(
                                "customerId",
                                customers.get(i % customers.size()),
                                "items",
                                List.of(Map.of("sku", skus.get(i % skus.size()), "quantity", 1 + i % 2)));
                        OrderClient.Outcome o = OrderClient.placeTracked(api, "chaos-" + run + "-" + i, body);
                        calls.add(new Call(
                                (start - t0) / 1_000_000,
                                true,
                                o.firstStatus(),
                                o.response().status(),
                                o.attempts(),
                                (System.nanoTime() - start) / 1000));
                        if (o.response().status() < 300) {
                            orderIds.add(o.response().json().path("id").asString());
                        }
                    }
                    return null;
                }));
            }
            for (int c = 0; c < 2; c++) {
                int reader = c;
                futures.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        long start = System.nanoTime();
                        String path = i % 2 == 0
                                ? "/api/products/" + skus.get((i + reader) % skus.size())
                                : "/api/accounts/" + customers.get((i + reader) % customers.size());
                        OrderClient.Outcome o = OrderClient.read(api, path);
                        calls.add(new Call(
                                (start - t0) / 1_000_000,
                                false,
                                o.firstStatus(),
                                o.response().status(),
                                o.attempts(),
                                (System.nanoTime() - start) / 1000));
                        ServiceProcess.pause(20);
                    }
                    return null;
                }));
            }
            long loadMillis = LOAD.toMillis();
            faults.add(killAt(loadMillis * 15 / 100, t0, "inventory-service", watch));
            faults.add(killAt(loadMillis * 35 / 100, t0, "payment-service", watch));
            faults.add(killAt(loadMillis * 55 / 100, t0, "order-service", watch));
            sleepUntil(t0, loadMillis * 70 / 100);
            ServiceProcess restarted = system.startInstance(
                    "inventory-service",
                    system.instances.get("inventory-service").size() + 10);
            faults.add(new Fault("restart inventory-service", (System.nanoTime() - t0) / 1_000_000, 0));
            system.instances.get("inventory-service").add(restarted);
            sleepUntil(t0, loadMillis * 85 / 100);
            ServiceProcess leaving = alive("inventory-service");
            long stopAt = (System.nanoTime() - t0) / 1_000_000;
            leaving.stop(Duration.ofSeconds(30)); // SIGTERM: leaves the registry, then drains
            system.instances.get("inventory-service").remove(leaving);
            faults.add(new Fault("SIGTERM " + leaving.name, stopAt, 0));
            sleepUntil(t0, loadMillis);
            stop.set(true);
            for (Future<?> f : futures) {
                f.get();
            }
            ServiceProcess.pause(8000); // give Eureka time to evict the last victim
            for (Fault f : faults) {
                if (f.port() > 0) {
                    System.out.printf(
                            "  %-34s ejected by a balancer after %5.2f s, gone from Eureka after %5.2f s%n",
                            f.what(), watch.secondsToEjection(f.port()), watch.secondsToDeregistration(f.port()));
                }
            }
        }

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(ledger.orders(api))
                        .allSatisfy(o -> assertThat(o.path("status").asString()).isIn("CONFIRMED", "CANCELLED")));
        List<JsonNode> orders = ledger.orders(api);
        Set<String> distinct = new HashSet<>(orderIds);
        int duplicates = orders.size() - distinct.size();
        Api inventory = new Api(alive("inventory-service").url());
        Api payment = new Api(alive("payment-service").url());
        List<String> violations = ledger.violations(api, inventory, payment);

        long clientVisible = calls.stream()
                .filter(c -> c.finalStatus() >= 500 || c.finalStatus() < 0)
                .count();
        long firstAttemptErrors = calls.stream()
                .filter(c -> c.firstStatus() >= 500 || c.firstStatus() < 0)
                .count();
        System.out.printf(
                "%nCHAOS RUN: %d requests (%d orders, %d reads) in %d s; first-attempt errors %d; "
                        + "client-visible errors %d; orders %d (%d cancelled); duplicate orders %d; invariant violations %d%n",
                calls.size(),
                calls.stream().filter(Call::order).count(),
                calls.stream().filter(c -> !c.order()).count(),
                LOAD.toSeconds(),
                firstAttemptErrors,
                clientVisible,
                orders.size(),
                orders.stream()
                        .filter(o -> o.path("status").asString().equals("CANCELLED"))
                        .count(),
                duplicates,
                violations.size());
        printWindows(calls, faults);
        violations.forEach(v -> System.out.println("  VIOLATION " + v));

        assertThat(violations).isEmpty();
        assertThat(duplicates).isZero();
        assertThat(orders).hasSize(distinct.size());
        assertThat(clientVisible).as("errors a careful client still saw").isZero();
    }

    private static void printWindows(List<Call> calls, List<Fault> faults) {
        List<Call> baseline = calls.stream()
                .filter(c -> c.atMillis() < faults.getFirst().atMillis())
                .toList();
        System.out.printf(
                "  %-34s %6s %6s %9s %9s %9s%n",
                "window (10 s from the event)", "calls", "1st-err", "p50 ms", "p99 ms", "max ms");
        printWindow("before the first fault", baseline);
        for (Fault f : faults) {
            List<Call> window = calls.stream()
                    .filter(c -> c.atMillis() >= f.atMillis() && c.atMillis() < f.atMillis() + 10_000)
                    .toList();
            printWindow(f.what() + " @" + f.atMillis() / 1000 + "s", window);
        }
    }

    private static void printWindow(String name, List<Call> window) {
        List<Long> micros = window.stream().map(Call::micros).sorted().toList();
        long errors = window.stream()
                .filter(c -> c.firstStatus() >= 500 || c.firstStatus() < 0)
                .count();
        System.out.printf(
                "  %-34s %6d %6d %9.1f %9.1f %9.1f%n",
                name,
                window.size(),
                errors,
                SagaSystemIT.percentile(micros, 50) / 1000.0,
                SagaSystemIT.percentile(micros, 99) / 1000.0,
                micros.isEmpty() ? 0 : micros.getLast() / 1000.0);
    }

    private static Fault killAt(long millis, long t0, String service, TrafficWatch watch) {
        sleepUntil(t0, millis);
        ServiceProcess victim = alive(service);
        victim.kill();
        watch.watch(victim.port);
        system.instances.get(service).remove(victim);
        return new Fault("kill -9 " + victim.name, (System.nanoTime() - t0) / 1_000_000, victim.port);
    }

    private static ServiceProcess alive(String service) {
        return system.instances.get(service).stream()
                .filter(ServiceProcess::isAlive)
                .findFirst()
                .orElseThrow();
    }

    private static void ensureInstances(String service, int count) {
        List<ServiceProcess> list = system.instances.get(service);
        list.removeIf(p -> !p.isAlive());
        List<ServiceProcess> started = new ArrayList<>();
        for (int i = list.size(); i < count; i++) {
            started.add(system.startInstance(service, list.size() + started.size() + 20));
        }
        for (ServiceProcess p : started) {
            p.awaitReady(OrderlySystem.START_TIMEOUT);
            list.add(p);
        }
    }

    private static void sleepUntil(long t0, long millis) {
        long wait = millis - (System.nanoTime() - t0) / 1_000_000;
        if (wait > 0) {
            ServiceProcess.pause(wait);
        }
    }
}
