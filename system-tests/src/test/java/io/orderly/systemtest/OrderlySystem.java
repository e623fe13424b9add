package io.orderly.systemtest;

import static org.awaitility.Awaitility.await;

import io.orderly.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The whole system, started once per test run as separate JVMs on PostgreSQL: the registry, N
 * instances of each domain service, and the gateway. Stopped when the test JVM exits. A test that
 * needs a fleet on a database server of its own starts one with {@link #startOn}.
 */
final class OrderlySystem {

    /**
     * How long a started process may take to be ready: a bound on start-up, not what any test
     * measures. StartupTrafficIT starts seven JVMs at once beside the shared fleet: in a CI run on
     * 2026-12-07 they took 186-230 s to start on two cores, and the gateway's readiness missed 240 s.
     */
    static final Duration START_TIMEOUT = Duration.ofSeconds(420);

    /**
     * The environment every gateway of a system test gets besides the registry's: all the tests' traffic
     * comes from 127.0.0.1, one client to the gateway's rate limiter, which must not be what a test
     * measures (the gateway's own tests cover the limit).
     */
    static final Map<String, String> GATEWAY_RATE_LIMITS =
            Map.of("ORDERLY_GATEWAY_RATE_LIMIT", "100000", "ORDERLY_GATEWAY_RATE_BURST", "100000");

    private static OrderlySystem shared;

    volatile ServiceProcess discovery;
    AuthAccess auth;
    ServiceProcess gateway;
    /** Where this fleet's services report their spans; null when they report nowhere. */
    final ZipkinServer zipkin;

    final Map<String, List<ServiceProcess>> instances = new LinkedHashMap<>();
    final Map<String, TestPostgres.Database> databases = new LinkedHashMap<>();
    final Map<String, Double> readySeconds = new LinkedHashMap<>();
    final Path logDir;
    private final List<ServiceProcess> all = new ArrayList<>();
    private final Thread stopOnExit = new Thread(this::stopAll, "stop-orderly");

    /** The shared system, with one instance of each domain service. */
    static synchronized OrderlySystem shared() {
        if (shared == null) {
            shared = new OrderlySystem(1, TestPostgres::newDatabase, "system-logs", true);
        }
        return shared;
    }

    /**
     * A fleet of its own, not shared, on the databases {@code newDatabase} gives for the labels
     * {@code inventory}, {@code payments} and {@code orders}; its logs are in {@code
     * target/system-logs/<name>}. The caller stops it with {@link #stop()} (the JVM's exit does too).
     */
    static OrderlySystem startOn(String name, Function<String, TestPostgres.Database> newDatabase, int perService) {
        return new OrderlySystem(perService, newDatabase, "system-logs/" + name, false);
    }

    /** With {@code traced}, every service of the fleet reports its spans to the run's Zipkin server. */
    private OrderlySystem(
            int perService, Function<String, TestPostgres.Database> newDatabase, String logs, boolean traced) {
        logDir = repoRoot().resolve("system-tests/target").resolve(logs);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        zipkin = traced ? ZipkinServer.shared(logDir) : null;
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            start(perService, newDatabase);
        } catch (RuntimeException e) {
            stopAll(); // a failed start leaves no process behind
            throw e;
        }
    }

    private void start(int perService, Function<String, TestPostgres.Database> newDatabase) {
        databases.put("inventory-service", newDatabase.apply("inventory"));
        databases.put("payment-service", newDatabase.apply("payments"));
        databases.put("order-service", newDatabase.apply("orders"));

        int discoveryPort = freePort();
        ServiceProcess registry = track(new ServiceProcess(
                "discovery-service", "discovery-service", discoveryPort, RegistryAccess.registryEnvironment(), logDir));
        discovery = registry;
        registry.start();
        readySeconds.put(registry.name, registry.awaitReady(START_TIMEOUT));
        Map<String, String> authEnv = new LinkedHashMap<>(RegistryAccess.clientEnvironment(registry));
        authEnv.putAll(tracingEnv());
        auth = AuthAccess.start("auth-service", authEnv, logDir, this::track, START_TIMEOUT);

        for (String service : databases.keySet()) {
            List<ServiceProcess> list = new ArrayList<>();
            for (int i = 0; i < perService; i++) {
                list.add(startInstance(service, i));
            }
            instances.put(service, list);
        }
        Map<String, String> gatewayEnv = new LinkedHashMap<>(registryEnv());
        gatewayEnv.putAll(GATEWAY_RATE_LIMITS);
        gateway = track(new ServiceProcess("gateway-service", "gateway-service", freePort(), gatewayEnv, logDir));
        gateway.start();
        for (List<ServiceProcess> list : instances.values()) {
            for (ServiceProcess p : list) {
                readySeconds.put(p.name, p.awaitReady(START_TIMEOUT));
            }
        }
        readySeconds.put(gateway.name, gateway.awaitReady(START_TIMEOUT));
        awaitRoutes();
    }

    /** Starts one more instance of a domain service, waits until it is ready, and counts it in {@link #instances}. */
    ServiceProcess addInstance(String service, int index) {
        ServiceProcess added = startInstance(service, index);
        added.awaitReady(START_TIMEOUT);
        instances.get(service).add(added);
        return added;
    }

    ServiceProcess startInstance(String service, int index) {
        TestPostgres.Database db = databases.get(service);
        Map<String, String> env = new LinkedHashMap<>(registryEnv());
        env.put("SPRING_DATASOURCE_URL", db.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", db.username());
        env.put("SPRING_DATASOURCE_PASSWORD", db.password());
        ServiceProcess p = track(new ServiceProcess(service + "-" + index, service, freePort(), env, logDir));
        return p.start();
    }

    /** What every service of this fleet gets: the registry (with its credentials), auth-service, Zipkin. */
    Map<String, String> registryEnv() {
        Map<String, String> env = new LinkedHashMap<>(RegistryAccess.clientEnvironment(discovery));
        env.putAll(auth.clientEnvironment());
        env.putAll(tracingEnv());
        return env;
    }

    private Map<String, String> tracingEnv() {
        // Spans leave every 0.5 s rather than 5 s: a test that kills an instance can wait for its spans.
        return zipkin == null
                ? Map.of()
                : Map.of("ZIPKIN_URL", zipkin.url(), "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "500ms");
    }

    /** The gateway as the admin (who may read every order and account). */
    Api api() {
        return api(gatewayUrl()).as("admin");
    }

    /** A client of URL (the gateway or one instance) that can log in as any user of this fleet ({@link Api#as}). */
    Api api(String url) {
        return new Api(url, auth.tokens);
    }

    private void awaitRoutes() {
        Api admin = api();
        for (String path : List.of("/api/products", "/api/accounts/c-1", "/api/orders?size=1")) {
            await().alias("the gateway routes " + path + "; logs in " + logDir)
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> admin.statusOf(path) == 200);
        }
    }

    /** Starts a new registry on the old one's port (after the old one was killed). */
    ServiceProcess restartDiscovery(String name) {
        ServiceProcess fresh = track(new ServiceProcess(
                name, "discovery-service", discovery.port, RegistryAccess.registryEnvironment(), logDir));
        fresh.start();
        fresh.awaitReady(START_TIMEOUT);
        discovery = fresh;
        return fresh;
    }

    String gatewayUrl() {
        return gateway.url();
    }

    private ServiceProcess track(ServiceProcess p) {
        synchronized (all) {
            all.add(p);
        }
        return p;
    }

    /** Stops every process of this fleet (SIGTERM, then SIGKILL what is left). */
    void stop() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // The JVM is exiting: the hook is running or has run.
        }
    }

    private void stopAll() {
        List<ServiceProcess> copy;
        synchronized (all) {
            copy = new ArrayList<>(all);
        }
        // SIGTERM to all at once, then SIGKILL what is left: well within the test JVM's exit timeout.
        copy.forEach(ServiceProcess::terminate);
        long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        for (ServiceProcess p : copy) {
            p.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        copy.forEach(ServiceProcess::kill);
    }

    static Path repoRoot() {
        String root = System.getProperty("orderly.repo.root");
        Path path = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        return path.toAbsolutePath().normalize();
    }

    /**
     * A port for a service to listen on, from below the kernel's ephemeral range (32768-60999 by
     * default). A port the kernel hands out ({@code new ServerSocket(0)}) comes from that range, and
     * during the tens of seconds a JVM takes to start under load, an outgoing connection of the test
     * traffic can take it as its local port: the service then fails with "port already in use".
     * Ports below the range are never used for outgoing connections; each is handed out once per run.
     */
    static int freePort() {
        for (int tries = 0; tries < PORTS_TO - PORTS_FROM; tries++) {
            int port = PORTS_FROM + Math.floorMod(nextPort.getAndIncrement(), PORTS_TO - PORTS_FROM);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException inUse) {
                // Taken by something else on this machine: try the next one.
            }
        }
        throw new UncheckedIOException(new IOException("no free port in " + PORTS_FROM + "-" + PORTS_TO));
    }

    static final int PORTS_FROM = 20_000;
    static final int PORTS_TO = 32_000;
    /** Starts at a place of its own per test JVM, so that two runs on one machine rarely meet. */
    private static final AtomicInteger nextPort =
            new AtomicInteger((int) (ProcessHandle.current().pid() * 97 % (PORTS_TO - PORTS_FROM)));
}
