package io.orderly.systemtest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One service instance run from its packaged jar as a separate JVM process; with {@link
 * #withFaultInjection()}, the fault-injection jar joins its classpath through Spring Boot's {@code
 * loader.path} (the production jar does not contain it).
 */
final class ServiceProcess {

    static final String VERSION = "0.1.0-SNAPSHOT";
    /** In every Boot fat jar; unlike the JarLauncher that {@code java -jar} runs, it reads loader.path. */
    static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    /** Every service JVM's options (the AOT cache is made with the same). */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx320m");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final String module;
    final int port;
    /** Metrics, the Prometheus scrape, serviceregistry: the main port serves health only. */
    final int managementPort;

    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private long startedAt;
    private boolean faultInjection;

    ServiceProcess(String name, String module, int port, Map<String, String> environment, Path logDir) {
        this.name = name;
        this.module = module;
        this.port = port;
        this.managementPort = OrderlySystem.freePort();
        this.environment = environment;
        this.log = logDir.resolve(name + ".log");
    }

    /** Starts with the fault-injection jar on the loader path, so that ORDERLY_FAULT_* take effect. */
    ServiceProcess withFaultInjection() {
        faultInjection = true;
        return this;
    }

    /** The packaged jar of a module of this build, or a failure that says how to build it. */
    static Path packagedJar(String module) {
        Path jar = OrderlySystem.repoRoot().resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "Missing " + jar + ": run the build through `verify` (./orderly test) so that "
                            + "the jars are packaged before the system tests.");
        }
        return jar;
    }

    ServiceProcess start() {
        Path jar = packagedJar(module);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        if (faultInjection) {
            // The fat jar through PropertiesLauncher, without the AOT cache: its classpath differs.
            command.addAll(List.of(
                    "-Dloader.path=" + packagedJar("fault-injection"), "-cp", jar.toString(), PROPERTIES_LAUNCHER));
        } else {
            command.addAll(AotCaches.launch(module, JVM_OPTIONS).arguments());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        builder.environment().putAll(environment);
        try {
            startedAt = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name, e);
        }
        return this;
    }

    /**
     * The lines of the log that say why a process stopped (Spring Boot's failure report, else the
     * last ERROR lines), so that a failure in CI explains itself without the log file.
     */
    String whyItStopped() {
        try {
            List<String> lines = Files.readAllLines(log);
            int report = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("APPLICATION FAILED TO START")) {
                    report = i;
                }
            }
            if (report >= 0) {
                return String.join("\n", lines.subList(report, Math.min(lines.size(), report + 15)));
            }
            List<String> errors = lines.stream()
                    .filter(l -> l.contains(" ERROR ") || l.startsWith("Caused by:"))
                    .toList();
            return String.join("\n", errors.subList(Math.max(0, errors.size() - 8), errors.size()));
        } catch (IOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    /** Waits until the readiness probe answers 200; returns the seconds it took since start. */
    double awaitReady(Duration timeout) {
        try {
            await().atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see "
                                    + log + "\n" + whyItStopped());
                        }
                        return status("/actuator/health/readiness") == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log, e);
        }
        return (System.nanoTime() - startedAt) / 1e9;
    }

    int status(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url() + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where its management endpoints answer (all of {@code /actuator} but health). */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The file its output goes to. */
    Path logFile() {
        return log;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size in MB, read from /proc. */
    long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** kill -9: no deregistration, no draining. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /** SIGSTOP: the process stops answering, its connections stay open (a hung instance). */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM: graceful shutdown (deregisters, drains), then SIGKILL after the timeout. */
    void stop(Duration timeout) {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(timeout)) {
                kill();
            }
        }
    }

    /** Sends SIGTERM without waiting. */
    void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    boolean awaitExit(Duration timeout) {
        return process == null || waitFor(timeout);
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
