package io.orderly.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JVM's AOT cache (JEP 483/514/515, Java 25) for every service jar the system tests start, so
 * that the dozens of service JVMs a test run starts on two cores cost half the CPU each: measured
 * here for order-service, ready in 7.2 s on 12.5 CPU-s instead of 16.5 s on 28.5 CPU-s. Start-up
 * CPU is what a fleet's start waits for when seven JVMs start at once.
 *
 * <p>As Spring Boot documents it: the jar is extracted ({@code -Djarmode=tools extract}), one
 * training run per module starts its context and exits when it has refreshed ({@code
 * -Dspring.context.exit=onRefresh}, no port is bound, no registry is reached), writing the cache
 * ({@code -XX:AOTCacheOutput}); every later start of the module runs the extracted jar with {@code
 * -XX:AOTCache}. The training runs on the embedded default database, so that it needs nothing
 * started. All modules are trained on first use, two at a time, and reused across runs while the
 * jar's content (SHA-256) and the JDK stay the same. A module whose training fails starts from its
 * fat jar as before (said once on the output): the cache only saves time, it changes no behaviour.
 * {@code -Dorderly.aot-cache=false} turns it off.
 */
final class AotCaches {

    /** How a module's JVM is started: the jar to run and the cache to use (null: the fat jar, no cache). */
    record Launch(Path jar, Path cache) {

        List<String> arguments() {
            return cache == null
                    ? List.of("-jar", jar.toString())
                    : List.of("-XX:AOTCache=" + cache, "-jar", jar.toString());
        }
    }

    /** The services a fleet starts, in the order a fleet starts them (the registry is needed first). */
    static final List<String> MODULES = List.of(
            "discovery-service",
            "auth-service",
            "inventory-service",
            "payment-service",
            "order-service",
            "gateway-service");

    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(4);

    private static final Map<String, Future<Launch>> launches = new ConcurrentHashMap<>();
    private static ExecutorService trainers;

    private AotCaches() {}

    /** The launch of {@code module}, training every module's cache first if none is known yet. */
    static Launch launch(String module, List<String> jvmOptions) {
        Path fatJar = ServiceProcess.packagedJar(module);
        if (!enabled() || !MODULES.contains(module)) {
            return new Launch(fatJar, null);
        }
        trainAll(jvmOptions);
        try {
            return launches.get(module).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Launch(fatJar, null);
        } catch (ExecutionException e) {
            System.out.printf("AOT cache of %s not available (%s): starting its fat jar%n", module, e.getCause());
            return new Launch(fatJar, null);
        }
    }

    private static boolean enabled() {
        return !"false".equals(System.getProperty("orderly.aot-cache"))
                && Runtime.version().feature() >= 25;
    }

    private static synchronized void trainAll(List<String> jvmOptions) {
        if (trainers != null) {
            return;
        }
        trainers = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().daemon().name("aot-training-", 0).factory());
        for (String module : MODULES) {
            launches.put(module, trainers.submit(() -> prepare(module, jvmOptions)));
        }
        trainers.shutdown();
    }

    /** The extracted jar and its cache, reused when made from the same jar by the same JDK. */
    private static Launch prepare(String module, List<String> jvmOptions) throws IOException, InterruptedException {
        Path fatJar = ServiceProcess.packagedJar(module);
        Path dir = OrderlySystem.repoRoot()
                .resolve("system-tests/target/aot-cache")
                .resolve(module);
        Path stamp = dir.resolve("made-from");
        Path cache = dir.resolve("app.aot");
        Path jar = dir.resolve("app").resolve(fatJar.getFileName());
        String from = sha256(fatJar) + " " + Runtime.version() + " " + String.join(" ", jvmOptions);
        if (Files.isRegularFile(cache)
                && Files.isRegularFile(jar)
                && Files.isRegularFile(stamp)
                && Files.readString(stamp).equals(from)) {
            return new Launch(jar, cache);
        }
        long t0 = System.nanoTime();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path log = dir.resolve("training.log");
        run(dir, log, List.of(java(), "-Djarmode=tools", "-jar", fatJar.toString(), "extract", "--destination", "app"));
        List<String> training = new ArrayList<>();
        training.add(java());
        training.addAll(jvmOptions);
        training.addAll(
                List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh", "-jar", jar.toString()));
        run(dir, log, training);
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("no cache written; see " + log);
        }
        Files.writeString(stamp, from);
        System.out.printf(
                "AOT cache of %s made in %.1f s (%d MB)%n",
                module, (System.nanoTime() - t0) / 1e9, Files.size(cache) >> 20);
        return new Launch(jar, cache);
    }

    /**
     * Runs one step of the training with nothing to reach: ports chosen by the OS (none is bound
     * before the context has refreshed), a registry address where nothing listens, and no database
     * configured (the embedded default).
     */
    private static void run(Path dir, Path log, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("EUREKA_"));
        builder.environment().put("SERVER_PORT", "0");
        builder.environment().put("MANAGEMENT_SERVER_PORT", "0");
        builder.environment().put("EUREKA_URL", "http://127.0.0.1:1/eureka/");
        Process process = builder.start();
        if (!process.waitFor(TRAINING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("training step did not end within " + TRAINING_TIMEOUT + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("training step exited with " + process.exitValue() + "; see " + log);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
