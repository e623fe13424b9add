package io.orderly.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request that fails because the database cannot be reached is answered 503 with Retry-After and
 * logged in one WARN line; any other failure stays a 500.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {DatabaseOutageProblemTest.App.class, DatabaseOutageProblemTest.Things.class},
        properties = "orderly.web.unavailable-retry-after=1500ms")
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageProblemTest {

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aPoolWithoutConnectionsIsA503WithRetryAfterInWholeSeconds() throws Exception {
        var response = get("/pool-timeout");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.body())
                .contains("\"type\":\"https://orderly.io/problems/service-unavailable\"", "\"status\":503")
                .doesNotContain("Hikari", "SQL", "Exception");
    }

    @Test
    void aServerShuttingDownUnderTheRequestIsA503() throws Exception {
        var response = get("/shutting-down");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anOutageIsLoggedInOneWarnLineWithoutAStackTrace(CapturedOutput output) throws Exception {
        get("/pool-timeout");

        String logged = output.getOut()
                .lines()
                .filter(line -> line.contains("answered 503"))
                .findFirst()
                .orElseThrow();
        assertThat(logged)
                .contains(
                        "WARN",
                        "GET /pool-timeout",
                        "the database is unavailable",
                        "request timed out after 2001ms",
                        "Connection refused");
        assertThat(output.getOut()).doesNotContain("\tat io.orderly", "Unexpected error");
    }

    @Test
    void aConstraintViolationIsStillA500() throws Exception {
        var response = get("/duplicate");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(response.body()).contains("\"type\":\"https://orderly.io/problems/internal-error\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootApplication
    static class App {}

    @RestController
    static class Things {

        /** As Spring and Hikari report a database that refuses connections (seen in DatabaseOutageIT). */
        @GetMapping("/pool-timeout")
        String poolTimeout() {
            var refused = new SQLException(
                    "Connection to 127.0.0.1:6543 refused.", "08001", new ConnectException("Connection refused"));
            throw new CannotCreateTransactionException(
                    "Could not open JPA EntityManager for transaction",
                    new SQLTransientConnectionException(
                            "HikariPool-1 - Connection is not available, request timed out after 2001ms",
                            "08001",
                            refused));
        }

        @GetMapping("/shutting-down")
        String shuttingDown() {
            throw new IllegalStateException(
                    "JDBC exception executing SQL",
                    new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        }

        @GetMapping("/duplicate")
        String duplicate() {
            throw new DataIntegrityViolationException(
                    "duplicate key", new SQLException("ERROR: duplicate key value", "23505"));
        }
    }
}
