package io.orderly.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server integration tests run on, found as DESIGN section 3 says: the server in
 * {@code TEST_POSTGRES_URL}; else one Testcontainers container per test JVM ({@code
 * TEST_POSTGRES_IMAGE}, default postgres:15-alpine); else a failure that says how to provide one and
 * why Testcontainers could not. Never a silent skip.
 *
 * <p>Each call to {@link #newDatabase(String)} creates a fresh, empty database on that server, so
 * tests never see each other's rows; the databases are dropped when the JVM exits.
 */
public final class TestPostgres {

    /** The environment variable naming a server the tests may create databases on. */
    public static final String ENV = "TEST_POSTGRES_URL";

    /** The environment variable naming the image Testcontainers runs when no server is given. */
    public static final String IMAGE_ENV = "TEST_POSTGRES_IMAGE";

    private static final String DEFAULT_IMAGE = "postgres:15-alpine";

    private static final String PREFIX = "orderly_test_";
    private static Server server;
    private static final List<String> created = new ArrayList<>();

    private TestPostgres() {}

    /** A new empty database whose name starts with the given label. */
    public static synchronized Database newDatabase(String label) {
        Server s = server();
        String name = PREFIX + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = s.connect(s.adminDatabase);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on " + s.describe(), e);
        }
        created.add(name);
        return new Database(s.jdbcUrl(name), s.user, s.password);
    }

    private static Server server() {
        if (server == null) {
            server = locate();
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated, "drop-test-databases"));
        }
        return server;
    }

    private static Server locate() {
        return locate(setting(ENV), TestPostgres::startContainer);
    }

    /**
     * The server in {@code url} when one is given, else the one {@code containers} starts. When that
     * fails, the error says how to provide a server and keeps Testcontainers' own reason (an engine
     * that runs but cannot pull or start the image must not read as "no engine").
     */
    static Server locate(String url, Supplier<Server> containers) {
        if (url != null && !url.isBlank()) {
            return Server.parse(url.trim());
        }
        try {
            return containers.get();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("""
                    No PostgreSQL for the integration tests. Either set %s to a server the tests may \
                    create databases on, e.g. %s=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres \
                    (a PostgreSQL 15+ with trust or password auth), or give Testcontainers a Docker engine \
                    that can run %s (%s names another image). Testcontainers said: %s""".formatted(ENV, ENV, image(), IMAGE_ENV, reasons(e)), e);
        }
    }

    /** One container per test JVM. Asking for the client first surfaces why no engine could be used. */
    private static Server startContainer() {
        DockerClientFactory.instance().client();
        PostgreSQLContainer container = new PostgreSQLContainer(image());
        container.start();
        return new Server(
                container.getHost(),
                container.getMappedPort(5432),
                container.getDatabaseName(),
                container.getUsername(),
                container.getPassword());
    }

    private static String image() {
        String image = setting(IMAGE_ENV);
        return image == null || image.isBlank() ? DEFAULT_IMAGE : image.trim();
    }

    private static String setting(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? System.getProperty(name) : value;
    }

    /** The messages of an exception and its causes, outermost first. */
    static String reasons(Throwable e) {
        List<String> reasons = new ArrayList<>();
        for (Throwable t = e; t != null && reasons.size() < 8; t = t.getCause()) {
            reasons.add(t.getClass().getSimpleName() + ": " + t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join("; caused by ", reasons);
    }

    private static synchronized void dropCreated() {
        if (server == null) {
            return;
        }
        try (Connection c = server.connect(server.adminDatabase);
                Statement st = c.createStatement()) {
            for (String name : created) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop test databases " + created + ": " + e.getMessage());
        }
    }

    /** Coordinates of one test database. */
    public record Database(String jdbcUrl, String username, String password) {}

    record Server(String host, int port, String adminDatabase, String user, String password) {

        /** Accepts {@code jdbc:postgresql://host:port/db?user=u&password=p} and {@code postgresql://u:p@host:port/db}. */
        static Server parse(String url) {
            String raw = url.startsWith("jdbc:") ? url.substring(5) : url;
            URI uri = URI.create(raw.replaceFirst("^postgres(ql)?://", "postgresql://"));
            String user = "postgres";
            String password = "";
            if (uri.getUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : "";
            }
            if (uri.getQuery() != null) {
                for (String pair : uri.getQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    if (kv.length == 2 && kv[0].equals("user")) {
                        user = kv[1];
                    } else if (kv.length == 2 && kv[0].equals("password")) {
                        password = kv[1];
                    }
                }
            }
            String db = uri.getPath() == null || uri.getPath().length() <= 1
                    ? "postgres"
                    : uri.getPath().substring(1);
            return new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db, user, password);
        }

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        Connection connect(String database) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            return DriverManager.getConnection(jdbcUrl(database), props);
        }

        String describe() {
            return host + ":" + port + " as " + user;
        }
    }
}
