package io.orderly.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 server of the test's own, which the test may stop and restart (never the
 * machine's server on 5432): Debian's binaries, a data directory under {@code target}, a free port on
 * 127.0.0.1 only, trust authentication for the {@code postgres} user from 127.0.0.1 only. PostgreSQL
 * refuses to run as root, so as root every command runs as the {@code postgres} OS user.
 */
final class PostgresNode implements AutoCloseable {

    /** Where Debian puts the server binaries; {@code ORDERLY_PG_BIN} names another directory. */
    static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    final int port;
    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final boolean asPostgresUser;
    private final Thread stopOnExit = new Thread(this::stopQuietly, "stop-postgres-node");

    private PostgresNode(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.port = port;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    }

    /** Creates a fresh cluster in {@code dir} (which must not exist yet) and starts it on a free port. */
    static PostgresNode start(Path dir) {
        String configured = System.getenv("ORDERLY_PG_BIN");
        Path bin = configured == null || configured.isBlank() ? DEFAULT_BIN : Path.of(configured);
        if (!Files.isExecutable(bin.resolve("pg_ctl")) || !Files.isExecutable(bin.resolve("initdb"))) {
            throw new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl) in " + bin
                    + ": install Debian's postgresql-15, or set ORDERLY_PG_BIN to their directory."
                    + " This test restarts and cuts off a server of its own, so TEST_POSTGRES_URL cannot stand in.");
        }
        PostgresNode node = new PostgresNode(bin, dir, OrderlySystem.freePort());
        Runtime.getRuntime().addShutdownHook(node.stopOnExit);
        try {
            node.init();
            node.startServer();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void init() {
        try {
            Files.createDirectories(dir);
            if (asPostgresUser) {
                UserPrincipal postgres =
                        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir, e);
        }
        run("initdb", "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        try {
            // 127.0.0.1 only, the postgres user only; no Unix socket (it would go where the machine's server's is).
            Files.writeString(data.resolve("pg_hba.conf"), "host all postgres 127.0.0.1/32 trust\n");
            Files.writeString(data.resolve("postgresql.conf"), """

                    # DatabaseOutageIT
                    port = %d
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = ''
                    max_connections = 60
                    shared_buffers = 32MB
                    # Safe while the machine stays up: the test stops and restarts the server, not the OS.
                    fsync = off
                    full_page_writes = off
                    """.formatted(port), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot configure " + data, e);
        }
    }

    private void startServer() {
        run("pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60", "start");
    }

    /** Stops the server as an administrator would ({@code -m fast}: sessions are terminated, then a checkpoint). */
    void stopFast() {
        run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /** Starts the stopped server again, on the same port and data. */
    void startAgain() {
        startServer();
    }

    /** Creates the databases, connecting to the server directly (not through a proxy). */
    void createDatabases(List<String> names) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement st = c.createStatement()) {
            for (String name : names) {
                st.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create " + names + " on 127.0.0.1:" + port, e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Path logFile() {
        return log;
    }

    /** Stops the server (fast, else immediate) and deletes its data; the server log stays. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // The JVM is exiting: the hook is running or has run.
        }
    }

    private void stopQuietly() {
        if (!Files.exists(data.resolve("postmaster.pid"))) {
            deleteData();
            return;
        }
        for (String mode : List.of("fast", "immediate")) {
            try {
                run("pg_ctl", "-D", data.toString(), "-m", mode, "-w", "-t", "30", "stop");
                break;
            } catch (RuntimeException e) {
                System.err.println("pg_ctl stop -m " + mode + " failed: " + e.getMessage());
            }
        }
        killPostmasterIfStillRunning();
        deleteData();
    }

    /** Last resort when pg_ctl could not stop it: SIGKILL to the postmaster this node started, by its PID. */
    private void killPostmasterIfStillRunning() {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not read " + pidFile + ": " + e.getMessage());
        }
    }

    private void deleteData() {
        if (!Files.isDirectory(data)) {
            return;
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + data + ": " + e.getMessage());
        }
    }

    /** Runs one of the server's programs (as the postgres user when this JVM runs as root) and waits for it. */
    private void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Path output = dir.resolve(program + ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not end within " + COMMAND_TIMEOUT + "; see " + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + "; see " + output + " and " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
