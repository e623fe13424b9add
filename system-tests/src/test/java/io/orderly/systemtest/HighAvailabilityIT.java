package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * No single point of failure among the databases, the registry and the gateways (issue 14): the HA
 * topology of {@code ./orderly up --ha}, started once for these tests, with every tier killed with
 * SIGKILL under load through HAProxy. One instance of each domain service (their failover between
 * instances is ChaosIT's subject; two of each did not fit beside the other tests' fleets on two
 * cores), two gateways, two registry nodes, two auth-service instances, PostgreSQL active-standby.
 * Each test prints what it measured: the window of failed or missing answers, p50/p99 latency
 * around the kill, answers by kind, orders acknowledged against orders found.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighAvailabilityIT {

    /** Issue 14's target: writes resume within this long of the primary's death (reported, met or not). */
    static final Duration WRITE_RESUME_TARGET = Duration.ofSeconds(10);

    /**
     * What the test asserts. Measured here: the standby takes writes 5-6 s after the kill (2 s until
     * the monitor calls the primary unhealthy, then the 3 s primary_demote_timeout that keeps two
     * writable nodes from ever coexisting); the services then need a successful readiness check
     * (every 2 s, each waiting up to 2 s for a connection) and a registry round trip (their status
     * back to UP, fetched by the gateways and order-service within 2 s, balancer cache 2 s) before
     * orders flow: 8.5 s in all beside a quiet machine's load, 14.8 s with a twelve-container compose
     * stack running beside it (load average 40). The bound leaves that margin; the target is printed.
     */
    static final Duration WRITE_RESUME_BOUND = Duration.ofSeconds(20);

    static HaTopology ha;
    static Tokens tokens;
    static Api api;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        ha = HaTopology.up(1);
        tokens = new Tokens(HaTopology.AUTH);
        api = new Api(HaTopology.EDGE, tokens).as("admin");
        System.out.printf(
                "%nHA topology up in %.1f s:%n%s%n",
                (System.nanoTime() - t0) / 1e9, ha.orderly(Duration.ofSeconds(30), "status"));
    }

    @AfterAll
    static void stop() {
        if (ha != null) {
            ha.close();
        }
    }

    /**
     * {@code --observability}: Prometheus finds every instance through the registry nodes and scrapes
     * its management port, with nothing configured per instance (a scaled-out one: below, after the
     * scale).
     */
    @Test
    @Order(0)
    void prometheusScrapesEveryRunningInstanceItFindsThroughTheRegistry() {
        List<String> expected = ha.status().values().stream()
                // The registry nodes do not register themselves (and have no Prometheus endpoint).
                .filter(l -> l.name().contains("-service-") && !l.name().startsWith("discovery-") && l.running())
                .map(l -> l.name() + " 127.0.0.1:" + (l.port() + 1000) + " up")
                .sorted()
                .toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(7);
        await().alias("Prometheus has scraped every instance")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(prometheusTargets(expected)).isEqualTo(expected));
    }

    /**
     * The targets Prometheus scrapes (job, address, health), named as {@code ./orderly status} names
     * the process with that management port; an address no process has keeps its address as its name.
     */
    static List<String> prometheusTargets(List<String> known) {
        Map<String, String> names = new java.util.HashMap<>();
        known.forEach(k -> names.put(k.split(" ")[1], k.split(" ")[0]));
        JsonNode targets = new Api(HaTopology.PROMETHEUS)
                .get("/api/v1/targets?state=active")
                .json()
                .path("data")
                .path("activeTargets");
        List<String> seen = new ArrayList<>();
        targets.forEach(t -> {
            String address = t.path("labels").path("instance").asString();
            seen.add(names.getOrDefault(address, address) + " " + address + " "
                    + t.path("health").asString());
        });
        return seen.stream().sorted().toList();
    }

    @Test
    @Order(1)
    void killingAGatewayLosesNoGetAndNoKeyedPost() {
        Scenario s = new Scenario("gateway");
        s.run(2, 3, "gateway-service-0");
        s.report();
        // A keyed POST that the dead gateway had already passed to order-service, retried by HAProxy
        // on the other gateway, meets its own first request still running: DESIGN section 4 answers
        // that with 409 idempotency-key-in-progress, and the client's next try gets the order (checked
        // below: every key got exactly one). That answer is the contract, not a lost request; any
        // other failed answer is.
        List<OutageLoad.Attempt> inProgress = s.failures().stream()
                .filter(a -> a.order() && a.status() == 409 && "idempotency-key-in-progress".equals(a.problemType()))
                .toList();
        System.out.printf(
                "  keyed POSTs retried by HAProxy that met their first request still running (409): %d%n",
                inProgress.size());
        assertThat(s.failures())
                .as("GETs and POSTs with an Idempotency-Key that failed: HAProxy retries them on the other gateway")
                .containsExactlyInAnyOrderElementsOf(inProgress);
        s.assertOrdersExactlyOnceAndDesignHolds();
        ha.start("gateway-service-0");
        await().atMost(Duration.ofSeconds(30)).until(() -> "active UP".equals(ha.role("gateway-service-0")));
    }

    @Test
    @Order(2)
    void losingARegistryNodeIsNotNoticedAndANewInstanceStillRegistersAndServes() {
        Scenario s = new Scenario("registry");
        s.run(2, 3, "discovery-service-0");
        s.report();
        assertThat(s.failures())
                .as("answers that failed while a registry node was gone")
                .isEmpty();
        s.assertOrdersExactlyOnceAndDesignHolds();
        // Every instance registered with discovery-service-0 (first in every client's list); the
        // other node had them by replication, and still has them UP long after their leases (6 s)
        // would have expired had their renewals not moved to it.
        Api survivor = new Api("http://127.0.0.1:8762").withBasicAuth("eureka", "eureka-dev-password");
        for (String app : List.of("INVENTORY-SERVICE", "PAYMENT-SERVICE", "ORDER-SERVICE", "GATEWAY-SERVICE")) {
            Api.Response r = survivor.get("/eureka/apps/" + app);
            assertThat(r.status())
                    .as(app + " on discovery-service-1: " + r.body())
                    .isEqualTo(200);
            assertThat(r.body())
                    .as(app + " instances UP on discovery-service-1")
                    .contains("\"UP\"");
        }

        // With discovery-service-0 still dead, a new instance registers (with the other node) and is
        // given traffic through the gateways.
        ha.scale("inventory-service", 2);
        try {
            Api second = new Api("http://127.0.0.1:9181");
            await().alias("inventory-service-1 serves reads routed by the gateways")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        for (int i = 0; i < 20; i++) {
                            assertThat(api.get("/api/products/" + s.skus.getFirst())
                                            .status())
                                    .isEqualTo(200);
                        }
                        return productReads(second) > 0;
                    });
            // Prometheus scrapes the new instance too, found through the surviving registry node.
            await().alias("Prometheus scrapes inventory-service-1")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() ->
                            assertThat(prometheusTargets(List.of())).contains("127.0.0.1:9181 127.0.0.1:9181 up"));
            // The registry node comes back and copies the registry from its peer, new instance included.
            ha.start("discovery-service-0");
            Api registry = new Api("http://127.0.0.1:8761").withBasicAuth("eureka", "eureka-dev-password");
            await().alias("discovery-service-0, started again, knows both inventory instances")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Api.Response r = registry.get("/eureka/apps/INVENTORY-SERVICE");
                        return r.status() == 200
                                && r.json().path("application").path("instance").size() == 2;
                    });
        } finally {
            ha.scale("inventory-service", 1);
        }
    }

    @Test
    @Order(3)
    void killingThePostgresPrimaryUnderLoadLosesNothingAcknowledgedAndTheOldPrimaryRejoins() {
        String primary = ha.primary();
        assertThat(primary).as("a primary before the kill").isNotNull();
        String standby = primary.equals("pg-node-1") ? "pg-node-2" : "pg-node-1";
        assertThat(ha.role(standby)).isEqualTo("secondary");

        Scenario s = new Scenario("postgres");
        s.run(3, 2, primary);
        s.report();
        long firstOrderFailure = s.failures().stream()
                .filter(OutageLoad.Attempt::order)
                .mapToLong(OutageLoad.Attempt::atMillis)
                .min()
                .orElse(s.faultAt);
        // Writes resumed: the first order whose request was sent after the kill and was accepted.
        long resumed = s.attempts.stream()
                .filter(a -> a.order() && !a.failed() && a.atMillis() >= s.faultAt && a.status() == 201)
                .mapToLong(OutageLoad.Attempt::endMillis)
                .min()
                .orElse(-1);
        System.out.printf(
                "  write unavailability: kill at %.1f s, first failed order sent at %.1f s, first order accepted"
                        + " after the kill at %.1f s: writes resumed %.1f s after the kill (target %d s)%n",
                s.faultAt / 1e3,
                firstOrderFailure / 1e3,
                resumed / 1e3,
                (resumed - s.faultAt) / 1e3,
                WRITE_RESUME_TARGET.toSeconds());
        System.out.printf(
                "  target of %d s %s%n",
                WRITE_RESUME_TARGET.toSeconds(),
                resumed > 0 && resumed - s.faultAt <= WRITE_RESUME_TARGET.toMillis() ? "met" : "NOT met");
        OutageLoad.assertRetryable(s.failures());
        s.assertOrdersExactlyOnceAndDesignHolds();
        // wait_primary: a primary whose standby is gone, writing alone until it is back.
        assertThat(ha.role(standby)).as("the standby was promoted").isIn("wait_primary", "primary");

        ha.start(primary);
        await().alias(primary + " rejoins as the standby")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> "secondary".equals(ha.role(primary)));
        System.out.printf("  %s, started again, rejoined as secondary; %s is primary%n", primary, standby);
        assertThat(resumed).as("an order was accepted after the kill").isPositive();
        assertThat(resumed - s.faultAt)
                .as("ms from the primary's death until writes resumed")
                .isLessThanOrEqualTo(WRITE_RESUME_BOUND.toMillis());
    }

    /**
     * Every query of every Grafana dashboard (observability/grafana/dashboards) answers the running
     * Prometheus without an error and with data, after a few fresh orders (Grafana itself cannot run
     * here; its queries can).
     */
    @Test
    @Order(4)
    void everyDashboardQueryAnswersWithDataAfterTraffic() {
        Ledger.Shop shop = new Ledger().shop(api, "D", "1.50", 100, "100.00");
        for (int i = 0; i < 5; i++) {
            Api.Response placed = OrderClient.placeTracked(
                            api, "dash-" + shop.sku() + "-" + i, Orders.of(shop.customer(), shop.sku(), 1))
                    .response();
            assertThat(placed.status()).as(placed.body()).isIn(201, 202);
        }
        List<Dashboards.Query> queries = Dashboards.queries();
        Api prometheus = new Api(HaTopology.PROMETHEUS);
        Map<Dashboards.Query, String> failing = new LinkedHashMap<>();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        failing.clear();
                        for (Dashboards.Query query : queries) {
                            Api.Response answer = prometheus.get(
                                    "/api/v1/query?query=" + URLEncoder.encode(query.promql(), StandardCharsets.UTF_8));
                            JsonNode json = answer.json();
                            if (answer.status() != 200
                                    || !"success".equals(json.path("status").asString())) {
                                failing.put(
                                        query,
                                        "error " + answer.status() + ": "
                                                + json.path("error").asString());
                            } else if (json.path("data").path("result").isEmpty()) {
                                failing.put(query, "no data");
                            }
                        }
                        return failing.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Dashboard queries that fail against Prometheus: " + failing, e);
        }
        System.out.printf(
                "  %d dashboard queries of %d dashboards answered with data%n",
                queries.size(), Dashboards.files().size());
    }

    /** The requests the single inventory instance on 9181 served for /api/products/{sku}. */
    private static double productReads(Api instance) {
        Api.Response metrics = instance.getText("/actuator/prometheus");
        return metrics.body()
                .lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count") && l.contains("/api/products/{sku}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * One kill under load: orders (each with its Idempotency-Key, retried by a careful client) and
     * reads through HAProxy; the process is killed once orders are being accepted, and the load goes on
     * until 40 answers succeeded after the kill.
     */
    static final class Scenario {

        final String name;
        final String run = UUID.randomUUID().toString().substring(0, 6);
        final Ledger ledger = new Ledger();
        final List<String> skus = new ArrayList<>();
        final List<String> customers = new ArrayList<>();
        final long t0 = System.nanoTime();
        OutageLoad load;
        List<OutageLoad.Attempt> attempts;
        long faultAt;
        String killed;

        Scenario(String name) {
            this.name = name;
            for (int i = 1; i <= 3; i++) {
                skus.add("H" + run + "-" + i);
                ledger.product(api, skus.getLast(), i + ".00", 100_000);
            }
            for (int i = 1; i <= 6; i++) {
                customers.add(Tokens.newCustomer());
                ledger.account(api, customers.getLast(), "1000000.00");
            }
        }

        void run(int orderLoops, int readLoops, String victim) {
            killed = victim;
            OutageLoad running = new OutageLoad(api, t0, run, customers, skus);
            load = running;
            try (running) {
                running.start(orderLoops, readLoops);
                await().alias("orders are accepted before the kill")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> running.acknowledgedCount() >= 10);
                faultAt = (System.nanoTime() - t0) / 1_000_000;
                ha.kill(victim);
                long after = faultAt + 10_000;
                await().alias("answers succeed after the kill")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> running.successesSince(after) >= 40);
            }
            attempts = load.attempts();
        }

        List<OutageLoad.Attempt> failures() {
            return attempts.stream().filter(OutageLoad.Attempt::failed).toList();
        }

        void report() {
            List<OutageLoad.Attempt> failures = failures();
            long first = failures.stream()
                    .mapToLong(OutageLoad.Attempt::atMillis)
                    .min()
                    .orElse(-1);
            long last = failures.stream()
                    .mapToLong(OutageLoad.Attempt::endMillis)
                    .max()
                    .orElse(-1);
            System.out.printf(
                    "%nHA KILL (%s): SIGKILL of %s at %.1f s; %d attempts, %d failed%s%n",
                    name,
                    killed,
                    faultAt / 1e3,
                    attempts.size(),
                    failures.size(),
                    failures.isEmpty()
                            ? ""
                            : String.format(
                                    " (from %.1f s to %.1f s: %.1f s)", first / 1e3, last / 1e3, (last - first) / 1e3));
            print("before the kill", a -> a.atMillis() < faultAt);
            print("first 10 s after the kill", a -> a.atMillis() >= faultAt && a.atMillis() < faultAt + 10_000);
            print("afterwards", a -> a.atMillis() >= faultAt + 10_000);
            load.countsByKind().forEach((kind, count) -> System.out.printf("    %-60s %6d%n", kind, count));
        }

        private void print(String window, Predicate<OutageLoad.Attempt> in) {
            for (boolean order : List.of(false, true)) {
                List<Long> millis = attempts.stream()
                        .filter(in)
                        .filter(a -> a.order() == order)
                        .map(OutageLoad.Attempt::millis)
                        .sorted()
                        .toList();
                System.out.printf(
                        "  %-26s %-6s %5d attempts, p50 %4d ms, p99 %5d ms, max %5d ms%n",
                        window,
                        order ? "orders" : "reads",
                        millis.size(),
                        SagaSystemIT.percentile(millis, 50),
                        SagaSystemIT.percentile(millis, 99),
                        millis.isEmpty() ? 0 : millis.getLast());
            }
        }

        /** Every acknowledged order exists once and settles; nothing else was created; DESIGN section 7 holds. */
        void assertOrdersExactlyOnceAndDesignHolds() {
            List<JsonNode> orders = ledger.settledOrders(api);
            Set<String> ids = orders.stream().map(o -> o.path("id").asString()).collect(Collectors.toSet());
            Map<String, Long> byStatus = orders.stream()
                    .collect(Collectors.groupingBy(o -> o.path("status").asString(), Collectors.counting()));
            List<String> violations = ledger.violations(
                    api,
                    new Api("http://127.0.0.1:8081", tokens).asOrderService(),
                    new Api("http://127.0.0.1:8082", tokens).asOrderService());
            System.out.printf(
                    "  orders: keys %d, acknowledged %d, found %d %s, not accepted %s; DESIGN section 7 violations %d%n",
                    load.keysUsed(),
                    load.acknowledgedIds().size(),
                    ids.size(),
                    byStatus,
                    load.notAccepted(),
                    violations.size());
            load.assertExactlyTheAcknowledgedOrders(orders);
            assertThat(violations).as("DESIGN section 7").isEmpty();
        }
    }
}
