package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HA topology of issue 14, started and driven the way a user drives it: through the run script,
 * {@code ./orderly up --ha}, {@code status}, {@code kill NAME}, {@code start NAME}, {@code scale} and
 * {@code down}, as separate processes (PostgreSQL nodes under pg_auto_failover, two registry nodes,
 * HAProxy, two gateways, two auth-service instances, the domain services). Its run directory is
 * under {@code system-tests/target}; the ports are the script's own (HAProxy on 8080), so it fails at
 * once, saying so, when one of them is taken.
 */
final class HaTopology implements AutoCloseable {

    static final String EDGE = "http://127.0.0.1:8080";
    static final String AUTH = "http://127.0.0.1:9000";
    /** Prometheus of {@code --observability}. */
    static final String PROMETHEUS = "http://127.0.0.1:9090";

    static final List<Integer> PORTS =
            List.of(8080, 9000, 8404, 8761, 8762, 6000, 6001, 6002, 8180, 8280, 9001, 9002, 8081, 8082, 8083, 9090);

    /** One line of {@code ./orderly status}: name, pid ("-" when not running), port, role. */
    record Line(String name, String pid, int port, String role) {

        boolean running() {
            return !pid.equals("-");
        }
    }

    private final Path root = OrderlySystem.repoRoot();
    private final Path runDir;
    private final Path log;
    private final Map<String, String> environment = new HashMap<>();
    private final Thread downOnExit = new Thread(this::downQuietly, "orderly-ha-down");
    private boolean up;

    private HaTopology(Path runDir) {
        this.runDir = runDir;
        this.log = runDir.resolve("orderly-commands.log");
        environment.put("ORDERLY_RUN_DIR", runDir.toString());
        // The jars were packaged by this build before the system tests; a build from here would
        // call Maven inside Maven.
        environment.put("ORDERLY_BUILD", "0");
        // Twelve JVMs starting at once on two cores, beside the other tests' fleets.
        environment.put("ORDERLY_START_TIMEOUT", "480");
        environment.putAll(Tokens.authServiceEnvironment());
        environment.putAll(OrderlySystem.GATEWAY_RATE_LIMITS);
    }

    /** {@code ./orderly up --ha --instances N}, from an empty run directory. */
    static HaTopology up(int instancesPerService) {
        for (int port : PORTS) {
            assertThat(listening(port))
                    .as("port %d is free for the HA topology (something else listens there)", port)
                    .isFalse();
        }
        Path dir = OrderlySystem.repoRoot().resolve("system-tests/target/ha-run");
        try {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HaTopology topology = new HaTopology(dir);
        Runtime.getRuntime().addShutdownHook(topology.downOnExit);
        topology.up = true;
        try {
            topology.orderly(
                    Duration.ofMinutes(12),
                    "up",
                    "--ha",
                    "--instances",
                    String.valueOf(instancesPerService),
                    "--observability");
        } catch (RuntimeException e) {
            topology.downQuietly();
            throw e;
        }
        return topology;
    }

    Path logs() {
        return runDir.resolve("logs");
    }

    Map<String, Line> status() {
        Map<String, Line> lines = new LinkedHashMap<>();
        for (String line :
                orderly(Duration.ofSeconds(30), "status").lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4) {
                String role = f[3];
                if (f.length >= 5 && (f[4].equals("UP") || f[4].equals("DOWN") || f[4].startsWith("MAINT"))) {
                    role = f[3] + " " + f[4];
                }
                lines.put(f[0], new Line(f[0], f[1], Integer.parseInt(f[2]), role));
            }
        }
        return lines;
    }

    /** The PostgreSQL node the monitor has as primary now, if any. */
    String primary() {
        return status().values().stream()
                .filter(l -> l.name().startsWith("pg-node-") && l.role().equals("primary"))
                .map(Line::name)
                .findFirst()
                .orElse(null);
    }

    String role(String name) {
        Line line = status().get(name);
        return line == null ? null : line.role();
    }

    void kill(String name) {
        orderly(Duration.ofSeconds(30), "kill", name);
    }

    void start(String name) {
        orderly(Duration.ofMinutes(4), "start", name);
    }

    void scale(String service, int instances) {
        orderly(Duration.ofMinutes(4), "scale", service, String.valueOf(instances));
    }

    @Override
    public void close() {
        if (up) {
            orderly(Duration.ofMinutes(3), "down");
            up = false;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(downOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs
        }
    }

    private void downQuietly() {
        if (up) {
            try {
                orderly(Duration.ofMinutes(3), "down");
            } catch (RuntimeException e) {
                System.err.println("orderly down failed: " + e.getMessage());
            }
            up = false;
        }
    }

    /** Runs {@code ./orderly ARGS}; its output goes to the command log and is returned. */
    String orderly(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("orderly").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Path output = Files.createTempFile(runDir, "orderly-", ".out");
            builder.redirectOutput(output.toFile());
            Process process = builder.start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            Files.writeString(
                    log,
                    Instant.now() + " ./orderly " + String.join(" ", args) + " -> "
                            + (ended ? "exit " + process.exitValue() : "timed out") + "\n" + text,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (!ended || process.exitValue() != 0) {
                throw new IllegalStateException("./orderly " + String.join(" ", args) + " "
                        + (ended ? "failed (exit " + process.exitValue() + ")" : "timed out after " + timeout)
                        + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
