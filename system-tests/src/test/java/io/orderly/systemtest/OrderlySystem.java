package io.orderly.systemtest;

import static org.awaitility.Awaitility.await;

import io.orderly.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system, started once per test run as separate JVMs on PostgreSQL: the registry, N
 * instances of each domain service, and the gateway. Stopped when the test JVM exits.
 */
final class OrderlySystem {

    static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static OrderlySystem shared;

    volatile ServiceProcess discovery;
    ServiceProcess gateway;
    final Map<String, List<ServiceProcess>> instances = new LinkedHashMap<>();
    final Map<String, TestPostgres.Database> databases = new LinkedHashMap<>();
    final Map<String, Double> readySeconds = new LinkedHashMap<>();
    private final Path logDir;
    private final List<ServiceProcess> all = new ArrayList<>();

    /** The shared system, with one instance of each domain service. */
    static synchronized OrderlySystem shared() {
        if (shared == null) {
            shared = new OrderlySystem(1);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stopAll, "stop-orderly"));
        }
        return shared;
    }

    private OrderlySystem(int perService) {
        logDir = repoRoot().resolve("system-tests/target/system-logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            start(perService);
        } catch (RuntimeException e) {
            stopAll(); // a failed start leaves no process behind
            throw e;
        }
    }

    private void start(int perService) {
        databases.put("inventory-service", TestPostgres.newDatabase("inventory"));
        databases.put("payment-service", TestPostgres.newDatabase("payments"));
        databases.put("order-service", TestPostgres.newDatabase("orders"));

        int discoveryPort = freePort();
        ServiceProcess registry =
                track(new ServiceProcess("discovery-service", "discovery-service", discoveryPort, Map.of(), logDir));
        discovery = registry;
        registry.start();
        readySeconds.put(registry.name, registry.awaitReady(START_TIMEOUT));

        for (String service : databases.keySet()) {
            List<ServiceProcess> list = new ArrayList<>();
            for (int i = 0; i < perService; i++) {
                list.add(startInstance(service, i));
            }
            instances.put(service, list);
        }
        gateway = track(new ServiceProcess("gateway-service", "gateway-service", freePort(), registryEnv(), logDir));
        gateway.start();
        for (List<ServiceProcess> list : instances.values()) {
            for (ServiceProcess p : list) {
                readySeconds.put(p.name, p.awaitReady(START_TIMEOUT));
            }
        }
        readySeconds.put(gateway.name, gateway.awaitReady(START_TIMEOUT));
        awaitRoutes();
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

    private Map<String, String> registryEnv() {
        return Map.of("EUREKA_URL", discovery.url() + "/eureka/", "EUREKA_INSTANCE_IP_ADDRESS", "127.0.0.1");
    }

    private void awaitRoutes() {
        for (String path : List.of("/api/products", "/api/accounts/c-1", "/api/orders?size=1")) {
            await().alias("the gateway routes " + path + "; logs in " + logDir)
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> gateway.status(path) == 200);
        }
    }

    /** Starts a new registry on the old one's port (after the old one was killed). */
    ServiceProcess restartDiscovery(String name) {
        ServiceProcess fresh = track(new ServiceProcess(name, "discovery-service", discovery.port, Map.of(), logDir));
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
