package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderly.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Traffic from the first second. The system is started the way {@code ./orderly up --instances 2}
 * and compose start it (the registry, then two instances of each domain service and the gateway at
 * once), and reads and orders go through the gateway from the moment its readiness probe (what a
 * compose health check, a Kubernetes probe or HAProxy asks) first answers 200. Every answer that is
 * not 2xx is counted and none is allowed: not in the first seconds, and not while a third instance
 * of inventory-service and of order-service joins under that load. Requests sent before the
 * gateway is ready may be refused (503), but must not open a breaker that outlives the start.
 * Watched from outside as well: the registry never lists an instance UP before it is ready.
 */
class StartupTrafficIT {

    /** Reads sent after ready before the third instances are started, and again after they served. */
    static final int READS_PER_PHASE = 300;

    static final Duration READ_PACE = Duration.ofMillis(20);
    static final Duration ORDER_PACE = Duration.ofMillis(150);
    static final Duration EARLY_PACE = Duration.ofMillis(100);
    static final Duration LOAD_BOUND = Duration.ofMinutes(6);
    static final Duration FIRST_SECONDS = Duration.ofSeconds(5);
    static final Routing.Route PRODUCTS = new Routing.Route(null, "/api/products/{sku}");
    static final Routing.Route ORDERS = new Routing.Route(null, "/api/orders");

    static final List<ServiceProcess> started = new CopyOnWriteArrayList<>();
    static final Map<String, TestPostgres.Database> databases = new LinkedHashMap<>();
    static Path logDir;
    static ServiceProcess discovery;
    static AuthAccess auth;

    @BeforeAll
    static void databasesAndRegistry() throws IOException {
        logDir = OrderlySystem.repoRoot().resolve("system-tests/target/system-logs/startup-traffic");
        Files.createDirectories(logDir);
        databases.put("inventory-service", TestPostgres.newDatabase("startup_inventory"));
        databases.put("payment-service", TestPostgres.newDatabase("startup_payments"));
        databases.put("order-service", TestPostgres.newDatabase("startup_orders"));
        discovery = track(new ServiceProcess(
                "discovery-service", "discovery-service", freePort(), RegistryAccess.registryEnvironment(), logDir));
        discovery.start().awaitReady(OrderlySystem.START_TIMEOUT);
        auth = AuthAccess.start(
                "auth-service",
                RegistryAccess.clientEnvironment(discovery),
                logDir,
                StartupTrafficIT::track,
                OrderlySystem.START_TIMEOUT);
        // The clients log in before the system starts: the test is about the services' first second.
        auth.tokens.accessToken("admin");
        for (int k = 1; k <= 10; k++) {
            auth.tokens.accessToken("c-" + k);
        }
    }

    @AfterAll
    static void stopEverythingStarted() {
        started.parallelStream().forEach(p -> p.stop(Duration.ofSeconds(15)));
    }

    @Test
    void everyRequestSentOnceTheGatewayIsReadyIsServedAlsoWhileNewInstancesJoin() {
        long t0 = System.nanoTime();
        for (String service : databases.keySet()) {
            startInstance(service, 0);
            startInstance(service, 1);
        }
        Map<String, String> gatewayEnv = new LinkedHashMap<>(registryEnv());
        gatewayEnv.putAll(OrderlySystem.GATEWAY_RATE_LIMITS);
        ServiceProcess gateway =
                track(new ServiceProcess("gateway-service", "gateway-service", freePort(), gatewayEnv, logDir));
        gateway.start();
        Api api = new Api(gateway.url(), auth.tokens).as("admin");

        try (RegistryWatch registry = new RegistryWatch(discovery)) {
            StatusTally early = new StatusTally("before the gateway was ready");
            AtomicInteger earlyCalls = new AtomicInteger();
            PacedLoad beforeReady = PacedLoad.start("early", EARLY_PACE, 10_000, LOAD_BOUND, () -> {
                int n = earlyCalls.incrementAndGet();
                String path = n % 2 == 0 ? "/api/products/SKU-1" : "/api/accounts/c-1";
                early.record(path, () -> api.get(path));
            });

            await().alias("the gateway's readiness; logs in " + logDir)
                    .atMost(OrderlySystem.START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!gateway.isAlive()) {
                            throw new IllegalStateException("the gateway exited; see " + logDir);
                        }
                        return gateway.status("/actuator/health/readiness") == 200;
                    });
            long ready = System.nanoTime();
            beforeReady.close();

            StatusTally firstSeconds = new StatusTally("reads in the first " + FIRST_SECONDS.toSeconds() + " s");
            StatusTally reads = new StatusTally("reads after ready");
            StatusTally orders = new StatusTally("orders after ready");
            AtomicLong readNo = new AtomicLong();
            AtomicLong orderNo = new AtomicLong();
            PacedLoad readLoad = PacedLoad.start("reads", READ_PACE, 100_000, LOAD_BOUND, () -> {
                String path = readPath(readNo.getAndIncrement());
                Api.Response response = reads.record("GET " + path, () -> api.get(path));
                if (System.nanoTime() - ready < FIRST_SECONDS.toNanos()) {
                    firstSeconds.record("GET " + path, () -> response);
                }
            });
            PacedLoad orderLoad = PacedLoad.start("orders", ORDER_PACE, 100_000, LOAD_BOUND, () -> {
                long n = orderNo.getAndIncrement();
                Orders.PlaceOrder order = Orders.of("c-" + (1 + n % 10), "SKU-" + (1 + n % 10), 1);
                orders.record(
                        "POST /api/orders #" + n,
                        () -> api.as(order.customerId())
                                .post("/api/orders", order, OrderClient.headers("startup-" + UUID.randomUUID())));
            });
            try {
                awaitCalls(readLoad, READS_PER_PHASE);
                ServiceProcess inventory2 = startInstance("inventory-service", 2);
                ServiceProcess order2 = startInstance("order-service", 2);
                inventory2.awaitReady(OrderlySystem.START_TIMEOUT);
                order2.awaitReady(OrderlySystem.START_TIMEOUT);
                await().alias("the joining instances serve the load")
                        .atMost(Routing.SETTLE)
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> Routing.served(inventory2, PRODUCTS) > 0 && Routing.served(order2, ORDERS) > 0);
                awaitCalls(readLoad, readLoad.calls() + READS_PER_PHASE);
            } finally {
                readLoad.close();
                orderLoad.close();
            }

            System.out.printf(
                    "%nStarted at once: %d JVMs; the gateway said ready %.1f s after the start%n",
                    started.size() - 3, (ready - t0) / 1e9);
            for (StatusTally tally : List.of(early, firstSeconds, reads, orders)) {
                System.out.println("  " + tally);
            }
            System.out.println("  instances first listed UP, and their readiness at that moment: " + registry.upSeen);

            assertThat(firstSeconds.total())
                    .as("reads sent in the first seconds")
                    .isPositive();
            assertThat(reads.failures())
                    .as("reads answered other than 2xx after the gateway said ready: " + reads.firstFailures())
                    .isZero();
            assertThat(orders.failures())
                    .as("orders answered other than 2xx after the gateway said ready: " + orders.firstFailures())
                    .isZero();
            assertThat(orders.count(201) + orders.count(202)).isEqualTo(orders.total());
            assertThat(registry.upSeen)
                    .as("every instance listed UP in the registry answered ready at that moment")
                    .hasSize(started.size() - 1) // all but the registry itself
                    .allSatisfy((port, readiness) ->
                            assertThat(readiness).as("port " + port).isEqualTo(200));
        }
    }

    private static String readPath(long n) {
        int k = (int) (1 + n % 10);
        return switch ((int) (n % 3)) {
            case 0 -> "/api/products/SKU-" + k;
            case 1 -> "/api/accounts/c-" + k;
            default -> "/api/orders?customerId=c-" + k + "&size=1";
        };
    }

    private static void awaitCalls(PacedLoad load, int calls) {
        await().alias(calls + " calls of the load")
                .atMost(LOAD_BOUND)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> load.calls() >= calls);
    }

    private static ServiceProcess startInstance(String service, int index) {
        TestPostgres.Database db = databases.get(service);
        Map<String, String> env = new LinkedHashMap<>(registryEnv());
        env.put("SPRING_DATASOURCE_URL", db.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", db.username());
        env.put("SPRING_DATASOURCE_PASSWORD", db.password());
        return track(new ServiceProcess(service + "-" + index, service, freePort(), env, logDir))
                .start();
    }

    private static Map<String, String> registryEnv() {
        Map<String, String> env = new LinkedHashMap<>(RegistryAccess.clientEnvironment(discovery));
        env.putAll(auth.clientEnvironment());
        return env;
    }

    private static ServiceProcess track(ServiceProcess p) {
        started.add(p);
        return p;
    }

    private static int freePort() {
        return OrderlySystem.freePort();
    }

    /**
     * Polls the registry every 100 ms; the moment an instance is first listed UP, asks that
     * instance's own readiness probe, and keeps the answer by port.
     */
    static final class RegistryWatch implements AutoCloseable {

        final Map<Integer, Integer> upSeen = new ConcurrentHashMap<>();
        private final Api registry;
        private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("registry-watch").factory());

        RegistryWatch(ServiceProcess discovery) {
            this.registry = RegistryAccess.api(discovery);
            poller.scheduleWithFixedDelay(this::poll, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void poll() {
            try {
                Api.Response apps = registry.get("/eureka/apps");
                if (apps.status() != 200) {
                    return;
                }
                for (JsonNode instance : instances(apps.json())) {
                    int port = instance.path("port").path("$").asInt();
                    if ("UP".equals(instance.path("status").asString()) && !upSeen.containsKey(port)) {
                        upSeen.put(port, new Api("http://127.0.0.1:" + port).statusOf("/actuator/health/readiness"));
                    }
                }
            } catch (RuntimeException e) {
                // The registry was briefly unreachable: the next round polls again.
            }
        }

        private static List<JsonNode> instances(JsonNode apps) {
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode app : TrafficWatch.elements(apps.path("applications").path("application"))) {
                all.addAll(TrafficWatch.elements(app.path("instance")));
            }
            return all;
        }

        @Override
        public void close() {
            poller.shutdownNow();
        }
    }
}
