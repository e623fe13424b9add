package io.orderly.systemtest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A real Zipkin server (the {@code io.zipkin:zipkin-server} exec jar, which the build copies to
 * {@code target/zipkin}), keeping spans in memory: one per test run, started with the shared fleet,
 * whose services report to it.
 */
final class ZipkinServer {

    private static ZipkinServer shared;

    final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ZipkinServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static synchronized ZipkinServer shared(Path logDir) {
        if (shared == null) {
            shared = start(logDir);
        }
        return shared;
    }

    private static ZipkinServer start(Path logDir) {
        Path jar = OrderlySystem.repoRoot().resolve("system-tests/target/zipkin/zipkin-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": the build copies it in generate-test-resources");
        }
        int port = OrderlySystem.freePort();
        Path log = logDir.resolve("zipkin.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("QUERY_PORT", Integer.toString(port));
        try {
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-zipkin"));
            ZipkinServer zipkin = new ZipkinServer(port, process, log);
            await().alias("Zipkin answers on " + port + "; log in " + log)
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Zipkin exited; see " + log);
                        }
                        return zipkin.healthy();
                    });
            return zipkin;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Zipkin", e);
        }
    }

    private boolean healthy() {
        try {
            return get("/health").statusCode() == 200;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** The base URL the services report to ({@code ZIPKIN_URL}). */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The spans Zipkin holds of one trace (none when it holds no such trace). */
    JsonNode trace(String traceId) {
        HttpResponse<String> response = get("/api/v2/trace/" + traceId);
        if (response.statusCode() == 404) {
            return Api.JSON.createArrayNode();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Zipkin answered " + response.statusCode() + ": " + response.body());
        }
        return Api.JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url() + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Zipkin did not answer " + path + " (log: " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
