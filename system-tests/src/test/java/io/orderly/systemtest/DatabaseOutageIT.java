package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderly.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * A database that goes away under order load (issue 12, section 4). The fleet (registry, one
 * instance of each domain service, gateway) runs on a PostgreSQL 15 server of the test's own, reached
 * through a TCP proxy the test controls; the machine's server on 5432 is never touched. With orders
 * and reads going through the gateway, the server is restarted; then it is made unreachable for 10 s
 * (connections reset); then it sits behind a blackhole for 10 s (connections hang). Afterwards no
 * order is lost or doubled and DESIGN section 7 holds; meanwhile every failed answer was a 503 problem
 * detail with Retry-After within a few seconds (no 500, no hang), and each service said it was not
 * ready while its database was gone and ready again by itself.
 *
 * <p>The assertions hold whether or not an instance's Eureka status follows its readiness: then the
 * gateway, not the service, answers the 503s (also with Retry-After), and recovery takes a registry
 * refresh longer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageIT {

    static final Duration OUTAGE = Duration.ofSeconds(10);

    /** The longest a failed read and a failed order may take to be answered. */
    record Bounds(Duration read, Duration order) {

        Duration of(OutageLoad.Attempt attempt) {
            return attempt.order() ? order : read;
        }
    }

    /**
     * When the database refuses or resets connections (a restart, an unreachable host): a read finds
     * no connection within Hikari's connection-timeout (2 s), or fails at once on a broken one. An order
     * caught in its saga may first wait out its wait budget (3 s, DESIGN section 4: its saga's calls to
     * a participant whose database is gone fail too) and then fail to read the order for its answer
     * (2 s). Each bound adds 1-2 s for a loaded 2-core machine; the defaults hung for 30 s, then
     * answered 500.
     */
    static final Bounds REFUSED = new Bounds(Duration.ofSeconds(4), Duration.ofSeconds(6));

    /**
     * Behind a blackhole, where nothing answers, a statement already sent waits for pgjdbc's
     * socketTimeout (4 s) instead of failing at once: a read may spend up to a connection-timeout (2 s)
     * finding a live connection (each dead one costs a 1 s validation) and then get one lent without
     * validation (used in the last 500 ms) whose statement waits 4 s. An order may first wait out its
     * wait budget (3 s) and then meet the same: 3 + 2 + 4 s. Plus 1-2 s. (Before cancelSignalTimeout was
     * set, a statement also waited for its 10 s cancel request, and an order took 9.9 s.)
     */
    static final Bounds BLACKHOLE = new Bounds(Duration.ofSeconds(7), Duration.ofSeconds(11));

    static final List<String> DATABASES = List.of("orders", "inventory", "payments");

    static PostgresNode node;
    static TcpProxy proxy;
    static OrderlySystem system;
    static Api api;

    @BeforeAll
    static void start() {
        Path dir = OrderlySystem.repoRoot()
                .resolve("system-tests/target/postgres-outage-"
                        + UUID.randomUUID().toString().substring(0, 8));
        node = PostgresNode.start(dir);
        node.createDatabases(DATABASES);
        proxy = TcpProxy.to(node.port);
        system = OrderlySystem.startOn(
                "database-outage",
                label -> new TestPostgres.Database(
                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + label, "postgres", ""),
                1);
        api = system.api();
    }

    @AfterAll
    static void stop() {
        try {
            if (system != null) {
                system.stop();
            }
        } finally {
            try {
                if (proxy != null) {
                    proxy.close();
                }
            } finally {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void restartingPostgresUnderLoadLosesNoOrderAndAnswersQuick503sMeanwhile() {
        // pg_ctl restart is stop then start; here the start waits until every service has said it is
        // not ready, so that the readiness of each is seen to go down (a restart can be quicker than a probe).
        runScenario("restart", REFUSED, watch -> {
            node.stopFast();
            awaitEach(watch, "reports itself not ready after the stop", s -> watch.current(s) != 200);
            node.startAgain();
        });
    }

    @Test
    @Order(2)
    void aDatabaseUnreachableFor10sUnderLoadLosesNoOrderAndAnswersQuick503sMeanwhile() {
        runScenario("unreachable for " + OUTAGE.toSeconds() + " s", REFUSED, watch -> {
            proxy.unreachable();
            holdFor(OUTAGE);
            proxy.forward();
        });
    }

    @Test
    @Order(3)
    void aDatabaseBehindABlackholeFor10sUnderLoadLosesNoOrderAndAnswers503sWithinTheSocketTimeout() {
        // Connections hang instead of being refused: only the timeouts end the requests.
        runScenario("blackhole for " + OUTAGE.toSeconds() + " s", BLACKHOLE, watch -> {
            proxy.blackhole();
            holdFor(OUTAGE);
            proxy.forward();
        });
    }

    /** The fault itself: it begins when called and is over when it returns. */
    interface Fault {
        void inject(ReadinessWatch watch);
    }

    private void runScenario(String name, Bounds bounds, Fault fault) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Ledger ledger = new Ledger();
        List<String> skus = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            skus.add("D" + run + "-" + i);
            ledger.product(api, skus.getLast(), i + ".00", 100_000);
        }
        for (int i = 1; i <= 6; i++) {
            customers.add(Tokens.newCustomer());
            ledger.account(api, customers.getLast(), "1000000.00");
        }
        List<ServiceProcess> services = domainInstances();
        Map<ServiceProcess, Long> logStart = new LinkedHashMap<>();
        services.forEach(s -> logStart.put(s, logSize(s)));

        long t0 = System.nanoTime();
        long faultAt;
        long healedAt;
        OutageLoad load = new OutageLoad(api, t0, run, customers, skus);
        Map<ServiceProcess, long[]> readiness = new LinkedHashMap<>();
        try (ReadinessWatch watch = new ReadinessWatch(services, t0)) {
            try (load) {
                load.start(3, 2);
                // The fault comes once the load demonstrably runs, and the load goes on until it
                // demonstrably runs again after the fault.
                explainIfNot(
                        load,
                        watch,
                        t0,
                        () -> await().alias("orders are accepted before the fault")
                                .atMost(Duration.ofSeconds(60))
                                .pollInterval(Duration.ofMillis(100))
                                .until(() -> load.acknowledgedCount() >= 10));
                faultAt = since(t0);
                fault.inject(watch);
                healedAt = since(t0);
                explainIfNot(
                        load,
                        watch,
                        t0,
                        () -> await().alias("requests succeed again after the fault")
                                .atMost(Duration.ofSeconds(90))
                                .pollInterval(Duration.ofMillis(200))
                                .until(() -> load.successesSince(healedAt) >= 30));
            }
            // Each service said it was not ready during the outage, and says it is ready again by itself.
            awaitEach(watch, "reports itself ready again after the fault", s -> watch.current(s) == 200);
            for (ServiceProcess s : services) {
                long down = watch.notReadyAt(s, faultAt);
                readiness.put(s, new long[] {down, down < 0 ? -1 : watch.readyAt(s, down)});
            }
        }

        // Every accepted order settles; the system holds exactly the accepted ones, one per key.
        List<JsonNode> orders = ledger.settledOrders(api);
        List<String> violations = ledger.violations(
                api,
                system.api(system.instances.get("inventory-service").getFirst().url())
                        .asOrderService(),
                system.api(system.instances.get("payment-service").getFirst().url())
                        .asOrderService());
        Map<ServiceProcess, List<String>> logged = new LinkedHashMap<>();
        services.forEach(s -> logged.put(s, logSince(s, logStart.get(s))));

        List<OutageLoad.Attempt> attempts = load.attempts();
        List<OutageLoad.Attempt> failures =
                attempts.stream().filter(OutageLoad.Attempt::failed).toList();
        report(name, bounds, load, attempts, failures, orders, violations, readiness, logged, faultAt, healedAt, t0);

        assertThat(failures).as("the fault was felt by the clients").isNotEmpty();
        OutageLoad.assertRetryable(failures);
        assertThat(failures)
                .as("every failed answer came within its bound " + bounds)
                .allSatisfy(a -> assertThat(a.millis())
                        .as(a.toString())
                        .isLessThanOrEqualTo(bounds.of(a).toMillis()));
        assertThat(readiness)
                .as("each service reported itself not ready during the outage and ready again by itself"
                        + " ([not ready at, ready again at] ms)")
                .allSatisfy((s, times) -> {
                    assertThat(times[0]).as(s.name + " not ready at").isGreaterThanOrEqualTo(faultAt);
                    assertThat(times[1]).as(s.name + " ready again at").isGreaterThan(times[0]);
                });
        load.assertExactlyTheAcknowledgedOrders(orders);
        assertThat(violations).as("DESIGN section 7").isEmpty();
        assertThat(logged)
                .as("no request failed with a 500 ('Unexpected error') and no saga stopped on anything but the"
                        + " outage ('stopped unexpectedly'), in the services' logs")
                .allSatisfy((s, lines) -> assertThat(lines)
                        .noneMatch(l -> l.contains("Unexpected error") || l.contains("stopped unexpectedly")));
    }

    private static void report(
            String name,
            Bounds bounds,
            OutageLoad load,
            List<OutageLoad.Attempt> attempts,
            List<OutageLoad.Attempt> failures,
            List<JsonNode> orders,
            List<String> violations,
            Map<ServiceProcess, long[]> readiness,
            Map<ServiceProcess, List<String>> logged,
            long faultAt,
            long healedAt,
            long t0) {
        // First failure: the moment a client first got a failed answer (a request may have been sent before the fault).
        long firstFailure =
                failures.stream().mapToLong(OutageLoad.Attempt::endMillis).min().orElse(-1);
        long lastFailure =
                failures.stream().mapToLong(OutageLoad.Attempt::endMillis).max().orElse(-1);
        // Recovered: the first answer that succeeded for a request sent after the fault was over.
        long recovered = attempts.stream()
                .filter(a -> !a.failed() && a.atMillis() >= healedAt)
                .mapToLong(OutageLoad.Attempt::endMillis)
                .min()
                .orElse(-1);
        System.out.printf(
                "%nDATABASE OUTAGE (%s): fault from %.1f s to %.1f s (%.1f s); failed answers from %.1f s to %.1f s;"
                        + " first success after the fault at %.1f s: outage window (first failure to first success"
                        + " after) %.1f s%n",
                name,
                faultAt / 1e3,
                healedAt / 1e3,
                (healedAt - faultAt) / 1e3,
                firstFailure / 1e3,
                lastFailure / 1e3,
                recovered / 1e3,
                (recovered - firstFailure) / 1e3);
        System.out.printf("  attempts %d, failed %d%n", attempts.size(), failures.size());
        for (boolean order : List.of(false, true)) {
            List<Long> millis = failures.stream()
                    .filter(a -> a.order() == order)
                    .map(OutageLoad.Attempt::millis)
                    .sorted()
                    .toList();
            System.out.printf(
                    "  failed %-5s answers: %3d, took p50 %d ms, p99 %d ms, max %d ms (bound %d ms)%n",
                    order ? "order" : "read",
                    millis.size(),
                    SagaSystemIT.percentile(millis, 50),
                    SagaSystemIT.percentile(millis, 99),
                    millis.isEmpty() ? 0 : millis.getLast(),
                    (order ? bounds.order() : bounds.read()).toMillis());
        }
        failures.stream()
                .sorted((a, b) -> Long.compare(b.millis(), a.millis()))
                .limit(3)
                .forEach(a -> System.out.printf(
                        "    slowest failed: %s %s, sent at %.1f s, took %d ms%n",
                        a.kind(), a.path(), a.atMillis() / 1e3, a.millis()));
        load.countsByKind().forEach((kind, count) -> System.out.printf("  %-60s %6d%n", kind, count));
        System.out.printf(
                "  orders: keys %d, accepted %d, found %d (%d cancelled), not accepted %s; violations %d%n",
                load.keysUsed(),
                load.acknowledgedIds().size(),
                orders.size(),
                orders.stream()
                        .filter(o -> o.path("status").asString().equals("CANCELLED"))
                        .count(),
                load.notAccepted(),
                violations.size());
        readiness.forEach((s, times) -> System.out.printf(
                "  %-22s not ready at %6.1f s, ready again at %6.1f s%n", s.name, times[0] / 1e3, times[1] / 1e3));
        logged.forEach((s, lines) -> System.out.printf(
                "  %-22s log: %d WARN, %d ERROR, %d stack-trace lines%n",
                s.name,
                lines.stream().filter(l -> l.contains(" WARN ")).count(),
                lines.stream().filter(l -> l.contains(" ERROR ")).count(),
                lines.stream().filter(l -> l.startsWith("\tat ")).count()));
        System.out.printf("  scenario took %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
        violations.forEach(v -> System.out.println("  VIOLATION " + v));
    }

    /**
     * Runs a wait on the system; when it times out, prints what might say why before the failure
     * is reported (a CI run once saw no success for minutes after a restart, which no run here
     * reproduced): what the clients got in the last 20 s, whether the load still runs, the proxy's
     * mode, whether the database answers directly and through the proxy, each service's readiness,
     * and the gateway's open or half-open breakers.
     */
    private static void explainIfNot(OutageLoad load, ReadinessWatch watch, long t0, Runnable wait) {
        try {
            wait.run();
        } catch (ConditionTimeoutException e) {
            long now = since(t0);
            List<OutageLoad.Attempt> attempts = load.attempts();
            System.out.printf("%nNOT AS EXPECTED at %.1f s: %s%n", now / 1e3, e.getMessage());
            System.out.printf(
                    "  attempts %d, the last sent at %.1f s; in the last 20 s:%n",
                    attempts.size(),
                    attempts.stream()
                                    .mapToLong(OutageLoad.Attempt::atMillis)
                                    .max()
                                    .orElse(-1)
                            / 1e3);
            attempts.stream()
                    .filter(a -> a.atMillis() >= now - 20_000)
                    .collect(Collectors.groupingBy(OutageLoad.Attempt::kind, TreeMap::new, Collectors.counting()))
                    .forEach((kind, count) -> System.out.printf("    %-60s %6d%n", kind, count));
            System.out.printf(
                    "  proxy %s, %d connections refused; database directly: %s, through the proxy: %s%n",
                    proxy.mode(),
                    proxy.refusedConnections(),
                    probe(node.jdbcUrl("orders")),
                    probe("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/orders"));
            for (ServiceProcess s : domainInstances()) {
                System.out.printf("  %-22s alive %s, readiness %d%n", s.name, s.isAlive(), watch.current(s));
            }
            System.out.printf("  gateway breakers not closed: %s%n", breakersNotClosed());
            throw e;
        }
    }

    /** Whether a connection can be opened and a query answered within 3 s. */
    private static String probe(String jdbcUrl) {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl + "?connectTimeout=3&socketTimeout=3", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return "answers (" + (System.nanoTime() - start) / 1_000_000 + " ms)";
        } catch (SQLException e) {
            return "fails after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e.getMessage();
        }
    }

    /** The gateway's circuit-breaker state series whose value is 1 other than closed, from its Prometheus scrape. */
    private static List<String> breakersNotClosed() {
        try {
            HttpResponse<String> scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(system.gateway.managementUrl() + "/actuator/prometheus"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return scrape.body()
                    .lines()
                    .filter(l -> l.startsWith("resilience4j_circuitbreaker_state")
                            && !l.contains("state=\"closed\"")
                            && l.endsWith(" 1.0"))
                    .toList();
        } catch (IOException e) {
            return List.of("(scrape failed: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("(interrupted)");
        }
    }

    private static List<ServiceProcess> domainInstances() {
        List<ServiceProcess> all = new ArrayList<>();
        system.instances.values().forEach(all::addAll);
        return all;
    }

    private static void awaitEach(ReadinessWatch watch, String what, Predicate<ServiceProcess> ok) {
        for (ServiceProcess s : domainInstances()) {
            await().alias(s.name + " " + what)
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ok.test(s));
        }
    }

    /** Keeps a fault in place for a fixed time, on a timeline as ChaosIT's faults (the time is the fault, not a wait for a result). */
    private static void holdFor(Duration duration) {
        ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor();
        try {
            timeline.schedule(() -> null, duration.toMillis(), TimeUnit.MILLISECONDS)
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            timeline.shutdownNow();
        }
    }

    private static long since(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long logSize(ServiceProcess s) {
        try {
            return Files.size(s.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines a service logged since its log had {@code from} bytes. */
    private static List<String> logSince(ServiceProcess s, long from) {
        try {
            byte[] all = Files.readAllBytes(s.logFile());
            return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from))
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
