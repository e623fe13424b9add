package io.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.orderly.testsupport.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the gateway refuses to carry: a body over the limit, with or without Content-Length (413
 * problem, never forwarded), and a connection that stays idle past the idle timeout (closed).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "eureka.client.enabled=false",
            "orderly.gateway.rate-limit.namespace=request-limits-test-${random.uuid}",
            "orderly.gateway.rate-limit.replenish-rate=100000",
            "orderly.gateway.rate-limit.burst-capacity=100000",
            "server.netty.idle-timeout=1s",
            "orderly.gateway.server.read-timeout=1s"
        })
class GatewayRequestLimitsTest {

    static final int LIMIT = 64 * 1024;
    static final List<String> seen = new CopyOnWriteArrayList<>();
    static final HttpServer stub = StubInstance.start(seen);

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The limits apply to every caller; the admin's token lets the requests through to the routes (POST /api/products). */
    static final String BEARER = "Bearer " + TestTokens.shared().admin();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        TestTokens.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
        String live = "http://127.0.0.1:" + stub.getAddress().getPort();
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", () -> live);
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", () -> live);
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @BeforeEach
    void clear() {
        seen.clear();
    }

    @Test
    void aTenMegabyteBodyIsRefusedWith413ProblemAndNeverForwarded() throws Exception {
        HttpResponse<String> response = post("/api/products", HttpRequest.BodyPublishers.ofByteArray(bytes(10 << 20)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response, "payload-too-large");
        assertThat(response.headers().firstValue("errorMessage")).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413Problem() throws Exception {
        HttpResponse<String> response = post("/api/products", chunked(LIMIT + 1));

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response, "payload-too-large");
        assertThat(seen).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedBeforeAKeyedOrderBuffersIt() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/api/orders"))
                        .header("Authorization", BEARER)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "k-1")
                        .POST(chunked(4 * LIMIT))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response, "payload-too-large");
        assertThat(seen).isEmpty();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsForwarded() throws Exception {
        HttpResponse<String> response = post("/api/products", chunked(LIMIT));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen).containsExactly("POST /api/products");
    }

    @Test
    void anIdleConnectionIsClosedByTheGatewayAfterTheIdleTimeout() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("GET /actuator/health/liveness HTTP/1.1\r\nHost: gateway\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();

            // Read until the gateway closes the kept-alive connection (a read timeout fails the test).
            String received = readToEnd(socket.getInputStream());

            Duration open = Duration.ofNanos(System.nanoTime() - start);
            assertThat(received).startsWith("HTTP/1.1 200");
            assertThat(open).isBetween(Duration.ofMillis(900), Duration.ofSeconds(8));
        }
    }

    @Test
    void aClientThatStopsSendingItsBodyIsCutOffAfterTheReadTimeout() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/products HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                            + "Authorization: " + BEARER + "\r\nContent-Length: 100\r\n\r\n{\"sku\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();

            readToEnd(socket.getInputStream());

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    private static String readToEnd(InputStream in) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        in.transferTo(received);
        return received.toString(StandardCharsets.US_ASCII);
    }

    private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", BEARER)
                        .header("Content-Type", "application/json")
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A body sent without Content-Length: the client does not know its length in advance. */
    private static HttpRequest.BodyPublisher chunked(int size) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(bytes(size)));
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static void assertProblem(HttpResponse<String> response, String slug) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body())
                .contains(
                        "\"type\":\"https://orderly.io/problems/" + slug + "\"", "\"status\":" + response.statusCode());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
