package io.orderly.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.inventory.InventoryClient;
import io.orderly.inventory.StandInAuthServer;
import io.orderly.testsupport.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Concurrent calls over real HTTP against a running server on PostgreSQL: the stock is never
 * over-reserved and one order id never reserves twice, whatever the interleaving.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({PostgresTestDatabase.class, StandInAuthServer.class})
class ReservationConcurrencyIT {

    private static final int THREADS = 32;

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final String adminToken = InventoryClient.TOKENS.admin();
    private final String sagaToken = InventoryClient.TOKENS.service("inventory.reservations");

    @AfterEach
    void stopThePool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A status code and the problem slug, if any. */
    record Answer(int status, String slug) {}

    @Test
    void moreConcurrentReservationsThanUnitsReserveExactlyTheUnits() throws Exception {
        int units = 20;
        int orders = 60;
        String sku = createProduct(units);

        List<Answer> answers = concurrently(orders, i -> () -> reserve("order-" + UUID.randomUUID(), sku, 1));

        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(units);
        assertThat(answers)
                .filteredOn(a -> a.status() == 409 && a.slug().equals("insufficient-stock"))
                .hasSize(orders - units);
        assertThat(stockOf(sku)).containsEntry("on_hand", units).containsEntry("reserved", units);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reservation_line WHERE sku = ?", Integer.class, sku))
                .isEqualTo(units);
    }

    @Test
    void oneOrderIdReservedConcurrentlyReservesOnce() throws Exception {
        String sku = createProduct(100);
        String orderId = "order-" + UUID.randomUUID();

        List<Answer> answers = concurrently(20, i -> () -> reserve(orderId, sku, 3));

        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(19);
        assertThat(stockOf(sku)).containsEntry("on_hand", 100).containsEntry("reserved", 3);
    }

    @Test
    void aCancelRacingItsReserveAlwaysEndsCancelledWithNothingHeld() throws Exception {
        String sku = createProduct(100);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orderIds.add("order-" + UUID.randomUUID());
        }

        List<Answer> answers = concurrently(2 * orderIds.size(), i -> {
            String orderId = orderIds.get(i / 2);
            return i % 2 == 0
                    ? () -> reserve(orderId, sku, 1)
                    : () -> send("POST", "/reservations/" + orderId + "/cancel", null);
        });

        assertThat(answers)
                .allSatisfy(a -> assertThat(a)
                        .isIn(new Answer(201, null), new Answer(200, null), new Answer(409, "reservation-cancelled")));
        for (String orderId : orderIds) {
            assertThat(statusOf(orderId)).isEqualTo("CANCELLED");
        }
        assertThat(stockOf(sku)).containsEntry("on_hand", 100).containsEntry("reserved", 0);
    }

    @Test
    void aConfirmRacingACancelLetsExactlyOneWinAndKeepsTheStockConsistent() throws Exception {
        String sku = createProduct(100);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String orderId = "order-" + UUID.randomUUID();
            assertThat(reserve(orderId, sku, 2).status()).isEqualTo(201);
            orderIds.add(orderId);
        }

        concurrently(2 * orderIds.size(), i -> {
            String orderId = orderIds.get(i / 2);
            String step = i % 2 == 0 ? "/confirm" : "/cancel";
            return () -> send("POST", "/reservations/" + orderId + step, null);
        });

        Map<String, Long> outcomes = orderIds.stream()
                .map(this::statusOf)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(outcomes.keySet()).isSubsetOf("CONFIRMED", "CANCELLED");
        long confirmed = outcomes.getOrDefault("CONFIRMED", 0L);
        assertThat(stockOf(sku))
                .containsEntry("on_hand", (int) (100 - 2 * confirmed))
                .containsEntry("reserved", 0);
    }

    @Test
    void theRunningServerAnswersProblemDetailsForUnknownPaths() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/no/such/path"))
                        .header("Authorization", InventoryClient.bearer(adminToken))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("type").asString()).endsWith("/not-found");
    }

    @Test
    void theRunningServerRefusesAParticipantCallWithoutATokenWithABearerProblem() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/reservations/order-" + UUID.randomUUID()))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("type").asString()).endsWith("/unauthorized");
    }

    private List<Answer> concurrently(int calls, Function<Integer, Callable<Answer>> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Callable<Answer> task = call.apply(i);
            futures.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : futures) {
            answers.add(future.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private String createProduct(int onHand) throws Exception {
        String sku = "RACE-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = send(
                "POST",
                "/api/products",
                "{\"sku\":\"%s\",\"name\":\"Contended\",\"price\":1.00,\"onHand\":%d}".formatted(sku, onHand));
        assertThat(created.status()).isEqualTo(201);
        return sku;
    }

    private Answer reserve(String orderId, String sku, int quantity) throws Exception {
        return send(
                "PUT",
                "/reservations/" + orderId,
                "{\"items\":[{\"sku\":\"%s\",\"quantity\":%d}]}".formatted(sku, quantity));
    }

    private Answer send(String method, String path, String body) throws Exception {
        // As in production: the admin changes the catalogue, order-service's token calls the participant API.
        String token = path.startsWith("/api/") ? adminToken : sagaToken;
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", InventoryClient.bearer(token))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String slug = null;
        if (response.statusCode() >= 400) {
            String type = json.readTree(response.body()).path("type").asString();
            slug = type.substring(type.lastIndexOf('/') + 1);
        }
        return new Answer(response.statusCode(), slug);
    }

    private Map<String, Object> stockOf(String sku) {
        return jdbc.queryForMap("SELECT on_hand, reserved FROM product WHERE sku = ?", sku);
    }

    private String statusOf(String orderId) {
        return jdbc.queryForObject("SELECT status FROM reservation WHERE order_id = ?", String.class, orderId);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
