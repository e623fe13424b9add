package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
        api = system.api();
    }

    /** One client call: when it started (ms since load start), what it was, and how it ended. */
    record Call(long atMillis, boolean order, int firstStatus, int finalStatus, int attempts, long micros) {}

    /** A fault injected at a moment of the load; port is the killed instance's (0 for a start). */
    record Fault(String what, long atMillis, int port) {}

    /**
     * README: "Eureka evicts it within about 12 s". From the settings: a lease expires 2 x 6 s after
     * the last renewal (Eureka adds the duration twice), renewals every 2 s, the eviction timer every
     * 2 s, TrafficWatch polls every 200 ms: at most about 14 s on a quiet machine. The bound adds 6 s
     * (one more lease duration) for timers delayed on a loaded 2-core machine.
     */
    static final Duration EVICTION_BOUND = Duration.ofSeconds(20);

    @Test
    void killingInstancesUnderLoadLosesNoOrderAndShowsNoErrorToCarefulClients() throws Exception {
        ensureInstances("inventory-service", 3);
        ensureInstances("payment-service", 2);
        ensureInstances("order-service", 2);

        String run = UUID.randomUUID().toString().substring(0, 6);
        awaitEveryInstanceInRotation(run);
        Ledger ledger = new Ledger();
        List<String> skus = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            skus.add("X" + run + "-" + i);
            ledger.product(api, skus.getLast(), i + ".00", 5000);
        }
        List<String> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            customers.add(Tokens.newCustomer());
            ledger.account(api, customers.getLast(), "100000.00");
        }

        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        List<String> orderIds = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger orderNumber = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long t0 = System.nanoTime();
        List<Fault> faults = new ArrayList<>();
        // Their metrics (load-balancer ejections) are on their management ports.
        List<String> callers = new ArrayList<>(List.of(system.gateway.managementUrl()));
        system.instances.get("order-service").forEach(p -> callers.add(p.managementUrl()));
        List<PacedLoad> readers = new ArrayList<>();
        try (TrafficWatch watch = new TrafficWatch(callers, system.discovery.url());
                ExecutorService pool = Executors.newFixedThreadPool(6);
                ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("chaos-timeline").factory())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while (!stop.get() && (i = orderNumber.getAndIncrement()) < MAX_ORDERS) {
                        long start = System.nanoTime();
                        Orders.PlaceOrder body =
                                Orders.of(customers.get(i % customers.size()), skus.get(i % skus.size()), 1 + i % 2);
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
                AtomicInteger read = new AtomicInteger();
                // A read, then the next 20 ms later, until the load ends (bounded all the same).
                readers.add(PacedLoad.start(
                        "chaos-reader-" + c, Duration.ofMillis(20), 20_000, LOAD.plusSeconds(60), () -> {
                            int i = read.getAndIncrement();
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
                        }));
            }
            // The faults, at fixed moments of the load, one after the other on the timeline.
            long loadMillis = LOAD.toMillis();
            List<ScheduledFuture<Fault>> events = List.of(
                    at(timeline, t0, loadMillis * 15 / 100, () -> kill("inventory-service", t0, watch)),
                    at(timeline, t0, loadMillis * 35 / 100, () -> kill("payment-service", t0, watch)),
                    at(timeline, t0, loadMillis * 55 / 100, () -> kill("order-service", t0, watch)),
                    at(timeline, t0, loadMillis * 70 / 100, () -> restart("inventory-service", t0)),
                    at(timeline, t0, loadMillis * 85 / 100, () -> sigterm("inventory-service", t0)));
            ScheduledFuture<Fault> end = at(timeline, t0, loadMillis, () -> {
                stop.set(true);
                return null;
            });
            for (ScheduledFuture<Fault> event : events) {
                faults.add(event.get());
            }
            end.get();
            for (PacedLoad r : readers) {
                r.close();
            }
            for (Future<?> f : futures) {
                f.get();
            }
            List<Fault> kills = faults.stream().filter(f -> f.port() > 0).toList();
            await().alias("Eureka no longer lists any killed instance")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> kills.stream().allMatch(f -> watch.secondsToDeregistration(f.port()) >= 0));
            for (Fault f : kills) {
                System.out.printf(
                        "  %-34s ejected by a balancer after %5.2f s, gone from Eureka after %5.2f s%n",
                        f.what(), watch.secondsToEjection(f.port()), watch.secondsToDeregistration(f.port()));
            }
            assertThat(kills)
                    .as("Eureka evicts a killed instance within " + EVICTION_BOUND)
                    .allSatisfy(f -> assertThat(watch.secondsToDeregistration(f.port()))
                            .as(f.what() + ": seconds until Eureka no longer listed it")
                            .isLessThanOrEqualTo(EVICTION_BOUND.toSeconds()));
        } finally {
            readers.forEach(PacedLoad::close);
        }

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(ledger.orders(api))
                        .allSatisfy(o -> assertThat(o.path("status").asString()).isIn("CONFIRMED", "CANCELLED")));
        List<JsonNode> orders = ledger.orders(api);
        Set<String> distinct = new HashSet<>(orderIds);
        int duplicates = orders.size() - distinct.size();
        Api inventory = system.api(alive("inventory-service").url()).asOrderService();
        Api payment = system.api(alive("payment-service").url()).asOrderService();
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

        long ordersSent = calls.stream().filter(Call::order).count();
        assertThat(violations).isEmpty();
        assertThat(calls.stream().filter(Call::order).map(Call::finalStatus))
                .as("every order a careful client placed was accepted")
                .allSatisfy(status -> assertThat(status).isIn(201, 202));
        assertThat(duplicates).as("orders beyond one per key").isZero();
        assertThat(orders.stream().map(o -> o.path("id").asString()).collect(Collectors.toSet()))
                .as("the orders in the system are exactly the ones the clients were given, one per key")
                .isEqualTo(distinct)
                .hasSize((int) ordersSent);
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

    /** Schedules an event {@code millis} after {@code t0} on the timeline. */
    private static <T> ScheduledFuture<T> at(
            ScheduledExecutorService timeline, long t0, long millis, Callable<T> event) {
        long delay = Math.max(0, millis - (System.nanoTime() - t0) / 1_000_000);
        return timeline.schedule(event, delay, TimeUnit.MILLISECONDS);
    }

    private static long since(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static Fault kill(String service, long t0, TrafficWatch watch) {
        ServiceProcess victim = alive(service);
        victim.kill();
        watch.watch(victim.port);
        system.instances.get(service).remove(victim);
        return new Fault("kill -9 " + victim.name, since(t0), victim.port);
    }

    private static Fault restart(String service, long t0) {
        List<ServiceProcess> list = system.instances.get(service);
        ServiceProcess restarted = system.startInstance(service, list.size() + 10);
        list.add(restarted);
        return new Fault("restart " + service, since(t0), 0);
    }

    /** SIGTERM: the instance leaves the registry, then drains. */
    private static Fault sigterm(String service, long t0) {
        ServiceProcess leaving = alive(service);
        long stopAt = since(t0);
        leaving.stop(Duration.ofSeconds(30));
        system.instances.get(service).remove(leaving);
        return new Fault("SIGTERM " + leaving.name, stopAt, 0);
    }

    /**
     * Before the load: Eureka lists every instance, the gateway routes reads to each instance of each
     * service, and orders (a customer and product of their own, outside the ledger) reach each
     * inventory and payment instance through order-service's balancer.
     */
    private static void awaitEveryInstanceInRotation(String run) {
        Set<String> expected = new HashSet<>();
        system.instances.values().forEach(list -> list.forEach(p -> expected.add("127.0.0.1:" + p.port)));
        Api eureka = RegistryAccess.api(system.discovery);
        await().alias("Eureka lists every instance")
                .atMost(Routing.SETTLE)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> TrafficWatch.listedAddresses(
                                eureka.get("/eureka/apps").json())
                        .containsAll(expected));
        Routing.awaitRoutesToEach(api, Routing.PRODUCT, system.instances.get("inventory-service"));
        Routing.awaitRoutesToEach(api, Routing.ACCOUNT, system.instances.get("payment-service"));
        Routing.awaitRoutesToEach(api, Routing.ORDERS, system.instances.get("order-service"));
        String customer = Tokens.newCustomer();
        String sku = "X" + run + "-warm";
        Ledger outside = new Ledger();
        outside.account(api, customer, "100000.00");
        outside.product(api, sku, "1.00", 100_000);
        AtomicInteger warm = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        Runnable someOrders = () -> {
            for (int i = 0; i < 6; i++) {
                String key = "chaos-warm-" + run + "-" + warm.getAndIncrement();
                OrderClient.place(api, key, Orders.of(customer, sku, 1), retries);
            }
        };
        Routing.awaitEachServes(
                "order-service reserves", someOrders, Routing.RESERVATIONS, system.instances.get("inventory-service"));
        Routing.awaitEachServes(
                "order-service authorizes", someOrders, Routing.PAYMENTS, system.instances.get("payment-service"));
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
}
