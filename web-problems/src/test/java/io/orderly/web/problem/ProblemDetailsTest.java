package io.orderly.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Every error of an MVC service leaves as a problem detail, and a refused request writes nothing. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {ProblemDetailsTest.App.class, ProblemDetailsTest.Things.class},
        properties = "orderly.web.max-request-body-size=1KB")
class ProblemDetailsTest {

    static final AtomicInteger writes = new AtomicInteger();

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void reset() {
        writes.set(0);
    }

    @Test
    void malformedJsonIsAMalformedRequestProblem() throws Exception {
        var response = post("/things", "{\"name\": ", "application/json");
        assertProblem(response, 400, "malformed-request");
        assertThat(writes).hasValue(0);
    }

    @Test
    void aWrongTypeIsAMalformedRequestProblem() throws Exception {
        var response = post("/things", "{\"name\":\"a\",\"quantity\":\"many\"}", "application/json");
        assertProblem(response, 400, "malformed-request");
    }

    @Test
    void invalidFieldsAreListed() throws Exception {
        var response = post("/things", "{\"name\":\"\",\"quantity\":0}", "application/json");
        assertProblem(response, 400, "validation-failed");
        assertThat(response.body()).contains("\"field\":\"name\"", "\"field\":\"quantity\"");
        assertThat(writes).hasValue(0);
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        assertProblem(post("/things", "name=a", "application/x-www-form-urlencoded"), 415, "unsupported-media-type");
    }

    @Test
    void anUnsupportedMethodIs405() throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(uri("/things")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 405, "method-not-allowed");
    }

    @Test
    void aMissingHeaderIsNamed() throws Exception {
        var response =
                http.send(HttpRequest.newBuilder(uri("/keyed")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 400, "missing-header");
        assertThat(response.body()).contains("Idempotency-Key");
    }

    @Test
    void anOversizedBodyIs413ByContentLength() throws Exception {
        var response = post("/things", "{\"name\":\"" + "x".repeat(2000) + "\",\"quantity\":1}", "application/json");
        assertProblem(response, 413, "payload-too-large");
        assertThat(writes).hasValue(0);
    }

    @Test
    void anOversizedChunkedBodyIs413() throws Exception {
        byte[] body = ("{\"name\":\"" + "x".repeat(5000) + "\",\"quantity\":1}").getBytes();
        var response = http.send(
                HttpRequest.newBuilder(uri("/things"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 413, "payload-too-large");
        assertThat(writes).hasValue(0);
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        var response =
                http.send(HttpRequest.newBuilder(uri("/nowhere")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 404, "not-found");
    }

    @Test
    void aUrlTomcatRefusesIsStillAProblem() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write("GET /things/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(raw).startsWith("HTTP/1.1 400");
            assertThat(raw).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(raw).contains("\"type\":\"https://orderly.io/problems/bad-request\"");
            assertThat(raw).doesNotContain("<html");
        }
    }

    @Test
    void aDomainExceptionKeepsItsSlug() throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(uri("/things/missing")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 404, "unknown-thing");
        assertThat(response.body()).contains("No thing missing");
    }

    @Test
    void aDomainExceptionKeepsItsTitleAndDetail() throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(uri("/things/missing")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("\"title\":\"Not Found\"", "\"detail\":\"No thing missing.\"");
        assertThat(response.body()).contains("\"instance\":\"/things/missing\"");
    }

    @Test
    void aDomainExceptionSendsItsHeaders() throws Exception {
        var response =
                http.send(HttpRequest.newBuilder(uri("/busy")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 503, "thing-busy");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("\"title\":\"Thing busy\"");
    }

    @Test
    void anUnexpectedExceptionIs500WithoutInternals() throws Exception {
        var response =
                http.send(HttpRequest.newBuilder(uri("/boom")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 500, "internal-error");
        assertThat(response.body()).doesNotContain("secret", "IllegalStateException", "at io.");
    }

    @Test
    void theErrorPathItselfIsAProblem() throws Exception {
        var response =
                http.send(HttpRequest.newBuilder(uri("/error")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    private void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"https://orderly.io/problems/" + slug + "\"");
        assertThat(response.body()).contains("\"status\":" + status);
        assertThat(response.body()).doesNotContain("\"trace\"");
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @SpringBootApplication
    static class App {}

    record Thing(@NotBlank String name, @Min(1) @Max(10) int quantity) {}

    static class UnknownThing extends ProblemException {
        UnknownThing(String id) {
            super(HttpStatus.NOT_FOUND, "unknown-thing", "No thing " + id + ".");
        }
    }

    static class BusyThing extends ProblemException {
        BusyThing() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "thing-busy", "Thing busy", "The thing is busy; retry later.");
            getHeaders().set("Retry-After", "1");
        }
    }

    @RestController
    static class Things {
        @GetMapping("/busy")
        String busy() {
            throw new BusyThing();
        }

        @PostMapping("/things")
        Thing create(@Valid @RequestBody Thing thing) {
            writes.incrementAndGet();
            return thing;
        }

        @GetMapping("/things/{id}")
        Thing get(@PathVariable String id) {
            throw new UnknownThing(id);
        }

        @GetMapping("/keyed")
        String keyed(@RequestHeader("Idempotency-Key") String key) {
            return key;
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret internals");
        }
    }
}
