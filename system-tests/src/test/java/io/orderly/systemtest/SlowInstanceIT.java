package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderly.testsupport.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One of three inventory instances answers 200 ms slower (orderly.fault.delay, from the
 * fault-injection jar on its loader path; the production jar has no fault injection): the gateway's
 * latency-aware balancer sends it far less traffic than round robin does, and the p99 of product
 * reads stays near the baseline measured on the two healthy instances alone (the slow one taken
 * out of rotation with a Eureka status override, so that no JVM has to start in between). A fleet
 * of its own (registry, three inventory instances on one database, one gateway per strategy), not
 * the shared system, so that no other test's traffic skews the counts. The load is paced (each
 * client sends at most one read per PACE), well below saturation on two cores: under a saturating
 * closed loop every instance is slow and the comparison says nothing about the balancer.
 */
class SlowInstanceIT {

    static final Duration WARM_UP = Duration.ofSeconds(3);
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("orderly.slow.seconds", 12));
    static final int CLIENTS = 6;
    static final Duration PACE = Duration.ofMillis(20);
    static final String PRODUCT = "/api/products/SKU-1";
    static final String PRODUCT_METRIC = "/actuator/metrics/http.server.requests?tag=uri:/api/products/%7Bsku%7D";

    static final List<ServiceProcess> started = new ArrayList<>();
    static Path logDir;
    static ServiceProcess discovery;
    static List<ServiceProcess> healthy;
    static ServiceProcess slow;
    static ServiceProcess latencyGateway;
    static ServiceProcess roundRobinGateway;
    static TestPostgres.Database database;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @BeforeAll
    static void startFleet() throws IOException {
        logDir = OrderlySystem.repoRoot().resolve("system-tests/target/system-logs/slow-instance");
        Files.createDirectories(logDir);
        database = TestPostgres.newDatabase("slow");
        discovery = start("discovery-service", "discovery-service", RegistryAccess.registryEnvironment());
        discovery.awaitReady(OrderlySystem.START_TIMEOUT);
        healthy =
                List.of(startInventory("inventory-0", Map.of(), false), startInventory("inventory-1", Map.of(), false));
        slow = startInventory("inventory-slow", Map.of("ORDERLY_FAULT_DELAY", "200ms"), true);
        latencyGateway = start("gateway-latency", "gateway-service", gatewayEnv("latency"));
        roundRobinGateway = start("gateway-round-robin", "gateway-service", gatewayEnv("round-robin"));
        for (ServiceProcess p : List.of(healthy.get(0), healthy.get(1), slow, latencyGateway, roundRobinGateway)) {
            System.out.printf("%s ready in %.1f s%n", p.name, p.awaitReady(OrderlySystem.START_TIMEOUT));
        }
    }

    @AfterAll
    static void stopEverythingStarted() {
        List<ServiceProcess> copy;
        synchronized (started) {
            copy = new ArrayList<>(started);
        }
        copy.parallelStream().forEach(p -> p.stop(Duration.ofSeconds(15)));
    }

    @Test
    void theFaultJarOnTheLoaderPathDelaysOnlyTheInstanceStartedWithIt() {
        assertThat(directRead(slow))
                .as("a read straight from " + slow.name)
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        for (ServiceProcess p : healthy) {
            // Whichever is the faster of a few reads: a slow machine may stall one, never all.
            Duration fastest = Collections.min(List.of(directRead(p), directRead(p), directRead(p)));
            assertThat(fastest)
                    .as("the fastest of three reads straight from " + p.name)
                    .isLessThan(Duration.ofMillis(200));
        }
    }

    @Test
    void latencyAwareBalancingStarvesTheSlowInstanceAndKeepsP99NearTheHealthyBaseline() throws Exception {
        Registry registry = new Registry(discovery);
        registry.outOfService(slow);
        awaitRouting(latencyGateway, healthy, List.of(slow));
        Phase baseline = measure("baseline: 2 healthy, latency", latencyGateway, List.of(slow));

        registry.backInService(slow);
        awaitRouting(latencyGateway, List.of(healthy.get(0), healthy.get(1), slow), List.of());
        awaitRouting(roundRobinGateway, List.of(healthy.get(0), healthy.get(1), slow), List.of());

        Phase latency = measure("1 of 3 slow, latency", latencyGateway, List.of(slow));
        Phase roundRobin = measure("1 of 3 slow, round-robin", roundRobinGateway, List.of(slow));

        System.out.printf(
                "%n%-28s %9s %8s %8s %8s %11s%n", "phase", "requests", "req/s", "p50 ms", "p99 ms", "slow share");
        for (Phase p : List.of(baseline, latency, roundRobin)) {
            System.out.printf(
                    "%-28s %9d %8.0f %8.1f %8.1f %10.1f%%%n",
                    p.name,
                    p.requests(),
                    p.throughput(),
                    p.percentileMillis(50),
                    p.percentileMillis(99),
                    100 * p.slowShare());
        }

        assertThat(baseline.failures + latency.failures + roundRobin.failures)
                .as("non-200 answers")
                .isZero();
        assertThat(roundRobin.slowShare())
                .as("round robin's share to the slow instance")
                .isBetween(0.25, 0.42);
        assertThat(latency.slowShare())
                .as("latency-aware share to the slow instance")
                .isLessThan(roundRobin.slowShare() / 4);
        assertThat(latency.percentileMillis(99))
                .as("latency-aware p99 against the healthy baseline's")
                .isLessThan(2 * baseline.percentileMillis(99) + 20);
        assertThat(roundRobin.percentileMillis(99))
                .as("round robin's p99 pays the injected delay")
                .isGreaterThan(200);
    }

    /** A closed loop of CLIENTS threads reading one product through a gateway: warm-up, then measure. */
    private Phase measure(String name, ServiceProcess gateway, List<ServiceProcess> slowOnes) throws Exception {
        load(gateway, WARM_UP);
        Map<ServiceProcess, Long> before = productCounts();
        long t0 = System.nanoTime();
        List<long[]> perClient = load(gateway, MEASURE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<ServiceProcess, Long> after = productCounts();

        long total = 0;
        long toSlow = 0;
        for (Map.Entry<ServiceProcess, Long> e : after.entrySet()) {
            long served = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            total += served;
            if (slowOnes.contains(e.getKey())) {
                toSlow += served;
            }
        }
        long[] all = perClient.stream()
                .flatMapToLong(Arrays::stream)
                .filter(n -> n >= 0)
                .sorted()
                .toArray();
        long failures = perClient.stream()
                .flatMapToLong(Arrays::stream)
                .filter(n -> n < 0)
                .count();
        return new Phase(name, all, failures, seconds, total == 0 ? 0 : (double) toSlow / total);
    }

    /** Latencies in nanoseconds per client; a failed request is recorded as -1. */
    private List<long[]> load(ServiceProcess gateway, Duration duration) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url() + PRODUCT))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        long deadline = System.nanoTime() + duration.toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<long[]>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    LongList latencies = new LongList();
                    long next = System.nanoTime();
                    while (next < deadline) {
                        long start = System.nanoTime();
                        int status = send(request);
                        latencies.add(status == 200 ? System.nanoTime() - start : -1);
                        next = Math.max(start + PACE.toNanos(), System.nanoTime());
                        LockSupport.parkNanos(next - System.nanoTime()); // pacing, not waiting for a result
                    }
                    return latencies.toArray();
                }));
            }
            List<long[]> result = new ArrayList<>();
            for (Future<long[]> f : clients) {
                result.add(f.get());
            }
            return result;
        }
    }

    private Duration directRead(ServiceProcess instance) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.url() + PRODUCT))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        long start = System.nanoTime();
        assertThat(send(request)).as("a read straight from " + instance.name).isEqualTo(200);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Waits until the gateway has sent reads to every serving instance (a latency-aware one may
     * probe a slow instance only once) and none to the idle ones in two rounds in a row: its view
     * of the registry, refreshed every 2 s, has settled.
     */
    private void awaitRouting(ServiceProcess gateway, List<ServiceProcess> serving, List<ServiceProcess> idle) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url() + PRODUCT))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        Map<ServiceProcess, Long> start = new LinkedHashMap<>();
        serving.forEach(p -> start.put(p, productCount(p)));
        int[] quietRounds = {0};
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Map<ServiceProcess, Long> before = new LinkedHashMap<>();
                    idle.forEach(p -> before.put(p, productCount(p)));
                    for (int i = 0; i < 12 * serving.size(); i++) {
                        send(request);
                    }
                    boolean quiet = idle.stream().allMatch(p -> productCount(p) == before.get(p));
                    quietRounds[0] = quiet ? quietRounds[0] + 1 : 0;
                    return quietRounds[0] >= 2 && serving.stream().allMatch(p -> productCount(p) > start.get(p));
                });
    }

    /** Product reads each running inventory instance has answered, from its own metrics. */
    private static Map<ServiceProcess, Long> productCounts() {
        Map<ServiceProcess, Long> counts = new LinkedHashMap<>();
        for (ServiceProcess p : healthy) {
            counts.put(p, productCount(p));
        }
        counts.put(slow, productCount(slow));
        return counts;
    }

    private static long productCount(ServiceProcess instance) {
        Api.Response response = new Api(instance.managementUrl()).get(PRODUCT_METRIC);
        if (response.status() == 404) {
            return 0; // no product read yet: the meter does not exist
        }
        assertThat(response.status()).as("metrics of " + instance.name).isEqualTo(200);
        for (var measurement : response.json().path("measurements")) {
            if (measurement.path("statistic").asString().equals("COUNT")) {
                return (long) measurement.path("value").asDouble();
            }
        }
        throw new IllegalStateException("No COUNT in " + response.body());
    }

    private static ServiceProcess startInventory(String name, Map<String, String> extra, boolean faults) {
        Map<String, String> env = new LinkedHashMap<>(registryEnv());
        env.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", database.username());
        env.put("SPRING_DATASOURCE_PASSWORD", database.password());
        env.putAll(extra);
        ServiceProcess p = new ServiceProcess(name, "inventory-service", OrderlySystem.freePort(), env, logDir);
        return start(faults ? p.withFaultInjection() : p);
    }

    private static Map<String, String> gatewayEnv(String strategy) {
        Map<String, String> env = new LinkedHashMap<>(registryEnv());
        env.putAll(OrderlySystem.GATEWAY_RATE_LIMITS);
        env.put("ORDERLY_LOADBALANCER_STRATEGY", strategy);
        // This fleet has only inventory-service: the gateway's routeInstances readiness (every routed
        // service has an instance) would never be UP, so these gateways are ready on their own state.
        env.put("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE", "readinessState");
        return env;
    }

    private static Map<String, String> registryEnv() {
        return RegistryAccess.clientEnvironment(discovery);
    }

    private static ServiceProcess start(String name, String module, Map<String, String> env) {
        return start(new ServiceProcess(name, module, OrderlySystem.freePort(), env, logDir));
    }

    private static ServiceProcess start(ServiceProcess p) {
        synchronized (started) {
            started.add(p);
        }
        return p.start();
    }

    /** Eureka's status overrides: take an instance out of rotation without stopping it, and back. */
    record Registry(ServiceProcess discovery) {

        void outOfService(ServiceProcess instance) {
            change(instance, "PUT", "OUT_OF_SERVICE");
        }

        void backInService(ServiceProcess instance) {
            change(instance, "DELETE", "UP");
        }

        private void change(ServiceProcess instance, String method, String status) {
            String path = "/eureka/apps/INVENTORY-SERVICE/" + instanceId(instance) + "/status?value=" + status;
            Api.Response response = RegistryAccess.api(discovery)
                    .send(
                            HttpRequest.newBuilder(URI.create(discovery.url() + path))
                                    .method(method, HttpRequest.BodyPublishers.noBody()),
                            Map.of());
            assertThat(response.status()).as(method + " " + path).isEqualTo(200);
        }

        private String instanceId(ServiceProcess instance) {
            Api.Response response = RegistryAccess.api(discovery).get("/eureka/apps/INVENTORY-SERVICE");
            assertThat(response.status())
                    .as("inventory-service in the registry")
                    .isEqualTo(200);
            for (var registered : response.json().path("application").path("instance")) {
                if (registered.path("port").path("$").asInt() == instance.port) {
                    return registered.path("instanceId").asString();
                }
            }
            throw new IllegalStateException(instance.name + " is not registered: " + response.body());
        }
    }

    /** The outcome of one measured phase; latencies sorted, in nanoseconds. */
    record Phase(String name, long[] latencies, long failures, double seconds, double slowShare) {

        int requests() {
            return latencies.length;
        }

        double throughput() {
            return latencies.length / seconds;
        }

        double percentileMillis(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(index, latencies.length - 1))] / 1e6;
        }
    }

    /** A growable array of longs, so that thousands of samples are not boxed. */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
