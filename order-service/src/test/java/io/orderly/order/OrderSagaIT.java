package io.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderly.testsupport.PostgresTestDatabase;
import io.orderly.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * order-service on PostgreSQL over real HTTP, with inventory and payment stubbed by a JDK HTTP
 * server that speaks docs/architecture.md's participant API, reached through the load balancer.
 * Customers place orders with their own tokens, the admin reads them and acts on sagas, and every
 * participant call must carry order-service's service token (fetched from the stand-in
 * auth-service, through a switch that can take its token endpoint away).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // Generous for a loaded 2-core machine; SKU-SLOW (3 s) is beyond the budget, within the read timeout.
            "orderly.saga.wait-budget=2s",
            "management.server.port=0",
            "orderly.participants.read-timeout=5s",
            "orderly.saga.recovery.enabled=true",
            "orderly.saga.recovery.interval=100ms",
            // Refusals and deliberate 503s must not open the breakers between tests (a count-based
            // window caps the minimum number of calls at its size, so both are raised).
            "resilience4j.circuitbreaker.configs.participant.sliding-window-size=1000",
            "resilience4j.circuitbreaker.configs.participant.minimum-number-of-calls=1000"
        })
@Import(PostgresTestDatabase.class)
class OrderSagaIT {

    static final ParticipantStub stub = ParticipantStub.start();
    static final TokenEndpointSwitch tokenEndpoint = TokenEndpointSwitch.start();
    static final JsonMapper json = JsonMapper.builder().build();
    static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void participants(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", stub::url);
        registry.add("spring.cloud.discovery.client.simple.instances.payment-service[0].uri", stub::url);
        Callers.trustTestTokens(registry);
        registry.add("spring.security.oauth2.client.provider.orderly.token-uri", tokenEndpoint::url);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Clock clock;

    @Autowired
    OAuth2AuthorizedClientService authorizedClients;

    @BeforeEach
    void resetStub() {
        stub.reset();
        tokenEndpoint.up();
    }

    @AfterEach
    void everyParticipantCallCarriedAServiceTokenWithItsScope() {
        assertThat(stub.refusedTokens()).isEmpty();
    }

    @AfterAll
    static void releaseHeldCalls() {
        stub.release();
    }

    @Test
    void migrationsRunOnPostgres(@Autowired Flyway flyway) throws Exception {
        assertThat(flyway.getConfiguration()
                        .getDataSource()
                        .getConnection()
                        .getMetaData()
                        .getDatabaseProductName())
                .isEqualTo("PostgreSQL");
        assertThat(flyway.info().applied())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getState().isApplied()).isTrue());
    }

    @Test
    @Transactional
    void migrationsTakeParkedSagasAndTheirAudit(@Autowired Flyway flyway, @Autowired JdbcTemplate jdbc) {
        MigrationChecks.schemaTakesParkedSagas(flyway, jdbc);
    }

    @Test
    @Transactional
    void migrationsScopeIdempotencyKeysToTheirCaller(@Autowired Flyway flyway, @Autowired JdbcTemplate jdbc) {
        MigrationChecks.idempotencyKeysBelongToTheirCaller(flyway, jdbc);
    }

    @Test
    void theIdempotencyKeyMigrationKeepsExistingKeysUnderTheirOrdersCustomerOnPostgres() {
        TestPostgres.Database database = TestPostgres.newDatabase("v3_upgrade");
        MigrationChecks.existingKeysGetTheirOrdersCustomer(
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
    }

    @Test
    void aWillingInventoryAndPaymentConfirmTheOrderWithin201() throws Exception {
        HttpResponse<String> response = place("happy-1", order("c-1", "SKU-1", 2, "SKU-2", 1));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(response.body());
        String id = body.get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/" + id);
        assertThat(body.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(body.get("total").decimalValue()).isEqualByComparingTo("7.50");
        assertThat(body.get("items").get(0).get("unitPrice").decimalValue()).isEqualByComparingTo("2.50");
        assertThat(body.get("saga").get("state").asString()).isEqualTo("CONFIRMED");
        assertThat(stub.callsFor(id))
                .containsExactly(
                        "PUT /reservations/{id}", "PUT /payments/{id} 7.50",
                        "POST /reservations/{id}/confirm", "POST /payments/{id}/capture");
        assertThat(get("/api/orders/" + id).get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(scrape()).contains("orderly_saga_completed_total").contains("outcome=\"CONFIRMED\"");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "c-1",
                        "SKU-NOSTOCK",
                        "INSUFFICIENT_STOCK",
                        List.of("PUT /reservations/{id}", "POST /reservations/{id}/cancel")),
                Arguments.of(
                        "c-1",
                        "SKU-UNKNOWN",
                        "UNKNOWN_PRODUCT",
                        List.of("PUT /reservations/{id}", "POST /reservations/{id}/cancel")),
                Arguments.of(
                        "c-poor",
                        "SKU-1",
                        "INSUFFICIENT_FUNDS",
                        List.of(
                                "PUT /reservations/{id}", "PUT /payments/{id} 2.50",
                                "POST /payments/{id}/cancel", "POST /reservations/{id}/cancel")),
                Arguments.of(
                        "c-ghost",
                        "SKU-1",
                        "UNKNOWN_CUSTOMER",
                        List.of(
                                "PUT /reservations/{id}", "PUT /payments/{id} 2.50",
                                "POST /payments/{id}/cancel", "POST /reservations/{id}/cancel")));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("refusals")
    void aRefusalCancelsTheOrderWithItsReasonAndCompensatesInReverse(
            String customer, String sku, String reason, List<String> calls) throws Exception {
        HttpResponse<String> response = place("refusal-" + reason, order(customer, sku, 1));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(body.get("failureReason").asString()).isEqualTo(reason);
        assertThat(stub.callsFor(body.get("id").asString())).containsExactlyElementsOf(calls);
    }

    @Test
    void theSameKeyAndBodyReplayTheFirstResponseWithTheReplayHeader() throws Exception {
        HttpResponse<String> first = place("replay-1", order("c-1", "SKU-3", 1));
        HttpResponse<String> again = place("replay-1", order("c-1", "SKU-3", 1));

        assertThat(again.statusCode()).isEqualTo(first.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(json.readTree(again.body())).isEqualTo(json.readTree(first.body()));
        assertThat(stub.calls())
                .filteredOn(c -> c.startsWith("PUT /reservations"))
                .hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() throws Exception {
        place("reused-1", order("c-1", "SKU-4", 1));

        HttpResponse<String> reused = place("reused-1", order("c-1", "SKU-4", 2));

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(reused.body()).get("type").asString()).endsWith("/idempotency-key-reused");
    }

    @Test
    void theSameKeyWhileTheFirstRequestRunsIs409() throws Exception {
        CompletableFuture<HttpResponse<String>> first =
                CompletableFuture.supplyAsync(() -> placeUnchecked("running-1", order("c-1", "SKU-HOLD", 1)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> stub.calls().stream().anyMatch(c -> c.startsWith("PUT /reservations")));

        HttpResponse<String> second = place("running-1", order("c-1", "SKU-HOLD", 1));
        stub.release();

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json.readTree(second.body()).get("type").asString()).endsWith("/idempotency-key-in-progress");
        assertThat(first.get().statusCode()).isIn(201, 202);
    }

    @Test
    void aKeyWhoseFirstRequestDiedAnswersFromTheOrderInsteadOf409(@Autowired JdbcTemplate jdbc) throws Exception {
        HttpResponse<String> first = place("orphan-1", order("c-1", "SKU-5", 1));
        assertThat(first.statusCode()).isEqualTo(201);
        // What an instance killed before it stored its answer leaves behind: a key with no answer.
        jdbc.update(
                "UPDATE idempotency_keys SET response_status = NULL, response_body = NULL, created_at = ? "
                        + "WHERE idempotency_key = 'orphan-1'",
                Timestamp.from(clock.instant().minusSeconds(60)));

        HttpResponse<String> retry = place("orphan-1", order("c-1", "SKU-5", 1));

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json.readTree(retry.body()).get("id"))
                .isEqualTo(json.readTree(first.body()).get("id"));
        assertThat(stub.calls())
                .filteredOn(c -> c.startsWith("PUT /reservations"))
                .hasSize(1);
        HttpResponse<String> again = place("orphan-1", order("c-1", "SKU-5", 1));
        assertThat(json.readTree(again.body())).isEqualTo(json.readTree(retry.body()));
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneOrder() throws Exception {
        int requests = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(requests)) {
            for (int i = 0; i < requests; i++) {
                responses.add(CompletableFuture.supplyAsync(
                        () -> {
                            awaitUninterruptibly(go);
                            return placeUnchecked("concurrent-1", order("c-concurrent", "SKU-5", 1));
                        },
                        pool));
            }
            go.countDown();
            List<HttpResponse<String>> answers =
                    responses.stream().map(CompletableFuture::join).toList();

            assertThat(answers).extracting(HttpResponse::statusCode).allMatch(s -> s == 201 || s == 202 || s == 409);
            assertThat(answers.stream()
                            .filter(r -> r.statusCode() != 409)
                            .map(r -> r.headers().firstValue("Location").orElseThrow())
                            .distinct())
                    .hasSize(1);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(get("/api/orders?customerId=c-concurrent")
                                .get("page")
                                .get("totalElements")
                                .asInt())
                        .isEqualTo(1));
        assertThat(stub.calls())
                .filteredOn(c -> c.startsWith("PUT /reservations"))
                .hasSize(1);
    }

    @Test
    void aSlowParticipantGets202PendingAndTheSagaStillConfirms() throws Exception {
        HttpResponse<String> response = place("slow-1", order("c-1", "SKU-SLOW", 1));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asString()).isEqualTo("PENDING");
        assertThat(response.headers().firstValue("Location"))
                .hasValue("/api/orders/" + body.get("id").asString());
        awaitStatus(body.get("id").asString(), "CONFIRMED");
    }

    @Test
    void anUnavailableParticipantGets202AndTheRecoveryWorkerConfirmsTheOrderLater() throws Exception {
        stub.failReservationsUntil(clock.instant().plusMillis(3500));

        HttpResponse<String> response = place("flaky-1", order("c-1", "SKU-FLAKY", 1));

        assertThat(response.statusCode()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asString();
        awaitStatus(id, "CONFIRMED");
        JsonNode reserve = get("/api/orders/" + id).get("saga").get("steps").get(0);
        assertThat(reserve.get("step").asString()).isEqualTo("RESERVE_STOCK");
        assertThat(reserve.get("attempts").asInt())
                .as("deferred, then retried by the worker")
                .isGreaterThan(1);
        assertThat(reserve.get("lastError").isNull()).isTrue();
        assertThat(scrape()).contains("orderly_saga_step_retries_total{step=\"RESERVE_STOCK\"");
    }

    @Test
    void unexpectedAnswersToAReservationCancelTheOrderWithParticipantError() throws Exception {
        stub.answerUnexpectedly(403, "PUT /reservations/.*");

        HttpResponse<String> response = place("unexpected-reserve-1", order("c-1", "SKU-1", 1));

        String id = json.readTree(response.body()).get("id").asString();
        awaitStatus(id, "CANCELLED");
        JsonNode body = get("/api/orders/" + id);
        assertThat(body.get("failureReason").asString()).isEqualTo("PARTICIPANT_ERROR");
        assertThat(stub.callsFor(id))
                .as("three unexpected answers (the bound), then the reservation cancelled anyway")
                .containsExactly(
                        "PUT /reservations/{id}",
                        "PUT /reservations/{id}",
                        "PUT /reservations/{id}",
                        "POST /reservations/{id}/cancel");
        assertThat(body.get("saga").get("steps").get(0).get("lastError").asString())
                .contains("answered 403");
        assertThat(scrape()).contains("orderly_saga_compensated_total{reason=\"PARTICIPANT_ERROR\"");
    }

    @Test
    void unexpectedAnswersToAConfirmParkTheSagaUntilAnAdminRetriesIt() throws Exception {
        stub.answerUnexpectedly(403, "POST /reservations/.*/confirm");

        HttpResponse<String> response = place("unexpected-confirm-1", order("c-1", "SKU-1", 1));

        String id = json.readTree(response.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/orders/" + id)
                        .get("saga")
                        .get("state")
                        .asString()
                        .equals("NEEDS_ATTENTION"));
        JsonNode parked = get("/api/orders/" + id);
        assertThat(parked.get("status").asString()).isEqualTo("PENDING");
        JsonNode confirm = parked.get("saga").get("steps").get(2);
        assertThat(confirm.get("step").asString()).isEqualTo("CONFIRM_STOCK");
        assertThat(confirm.get("lastError").asString()).contains("answered 403");
        assertThat(stub.callsFor(id)).filteredOn(c -> c.endsWith("/confirm")).hasSize(3);
        assertThat(stub.callsFor(id)).noneMatch(c -> c.endsWith("/cancel") || c.endsWith("/capture"));
        assertThat(scrape())
                .contains("orderly_saga_parked ")
                .contains("orderly_saga_parks_total{step=\"CONFIRM_STOCK\"");
        assertThat(get("/api/admin/sagas?state=NEEDS_ATTENTION").valueStream())
                .anyMatch(s -> s.get("orderId").asString().equals(id));
        assertThat(get("/api/admin/sagas").valueStream())
                .anyMatch(s -> s.get("orderId").asString().equals(id));
        assertThat(http.send(
                                HttpRequest.newBuilder(uri("/api/admin/sagas?state=BOGUS"))
                                        .header("Authorization", "Bearer " + Callers.TOKENS.admin())
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(400);
        // Several recovery polls (every 500 ms) pass and none claims the parked saga: no new call.
        await().during(Duration.ofMillis(1200))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(stub.callsFor(id))
                        .filteredOn(c -> c.endsWith("/confirm"))
                        .hasSize(3));

        assertThat(post("/api/admin/sagas/" + id + "/compensate").statusCode())
                .as("past the point of no return")
                .isEqualTo(409);
        stub.answerNormally();
        assertThat(post("/api/admin/sagas/" + id + "/retry").statusCode()).isEqualTo(202);

        awaitStatus(id, "CONFIRMED");
        JsonNode confirmed = get("/api/orders/" + id);
        assertThat(confirmed.get("saga").get("state").asString()).isEqualTo("CONFIRMED");
        assertThat(confirmed.get("saga").get("audit")).hasSize(1);
        assertThat(confirmed.get("saga").get("audit").get(0).get("action").asString())
                .isEqualTo("RETRY");
        assertThat(confirmed.get("saga").get("audit").get(0).get("by").asString())
                .as("the admin's token subject")
                .isEqualTo("admin");
        assertThat(stub.callsFor(id)).endsWith("POST /reservations/{id}/confirm", "POST /payments/{id}/capture");
        assertThat(post("/api/admin/sagas/" + id + "/retry").statusCode())
                .as("a confirmed saga")
                .isEqualTo(409);
        assertThat(post("/api/admin/sagas/no-such-order/retry").statusCode()).isEqualTo(404);
    }

    @Test
    void anAdminCompensatesASagaDeferredBeforeThePointOfNoReturn() throws Exception {
        stub.failReservationsUntil(clock.instant().plusSeconds(60));

        HttpResponse<String> response = place("admin-compensate-1", order("c-1", "SKU-FLAKY", 1));

        String id = json.readTree(response.body()).get("id").asString();
        // 409 only while a step's outcome is written at the same moment: then ask again.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> post("/api/admin/sagas/" + id + "/compensate").statusCode() == 202);
        awaitStatus(id, "CANCELLED");
        JsonNode body = get("/api/orders/" + id);
        assertThat(body.get("failureReason").asString()).isEqualTo("PARTICIPANT_ERROR");
        assertThat(body.get("saga").get("audit").get(0).get("action").asString())
                .isEqualTo("COMPENSATE");
        assertThat(stub.callsFor(id)).endsWith("POST /reservations/{id}/cancel");
    }

    @Test
    void oneServiceTokenServesEveryParticipantCallUntilItNearsItsExpiry() throws Exception {
        forgetTheServiceToken();
        int before = Callers.TOKENS.tokenRequests();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> placed = place("one-token-" + i, order("c-1", "SKU-1", 1));
            assertThat(placed.statusCode()).isEqualTo(201);
            ids.add(json.readTree(placed.body()).get("id").asString());
        }

        assertThat(Callers.TOKENS.tokenRequests() - before)
                .as("one token request for 3 orders of 4 participant calls each")
                .isEqualTo(1);
        assertThat(stub.tokensFor(ids)).hasSize(1);
    }

    @Test
    void whileTheTokenEndpointIsDownTheSagaRetriesAndCompletesOnceItIsBack() throws Exception {
        forgetTheServiceToken();
        tokenEndpoint.down();

        HttpResponse<String> response = place("token-down-1", order("c-1", "SKU-1", 1));

        assertThat(response.statusCode()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asString();
        JsonNode reserve = get("/api/orders/" + id).get("saga").get("steps").get(0);
        assertThat(reserve.get("status").asString()).isEqualTo("RETRYING");
        assertThat(reserve.get("lastError").asString()).contains("no service token");
        assertThat(stub.callsFor(id)).as("no request left without a token").isEmpty();

        tokenEndpoint.up();

        awaitStatus(id, "CONFIRMED");
        assertThat(stub.callsFor(id))
                .containsExactly(
                        "PUT /reservations/{id}",
                        "PUT /payments/{id} 2.50",
                        "POST /reservations/{id}/confirm",
                        "POST /payments/{id}/capture");
    }

    @Test
    void aParticipantsUnauthorizedAnswerDropsTheTokenAndTheNextAttemptFetchesANewOne() throws Exception {
        place("warm-token-1", order("c-1", "SKU-1", 1));
        int before = Callers.TOKENS.tokenRequests();
        stub.answerUnauthorized(1);

        HttpResponse<String> response = place("unauthorized-1", order("c-1", "SKU-1", 1));

        String id = json.readTree(response.body()).get("id").asString();
        awaitStatus(id, "CONFIRMED");
        assertThat(Callers.TOKENS.tokenRequests() - before).isEqualTo(1);
        assertThat(get("/api/orders/" + id)
                        .get("saga")
                        .get("steps")
                        .get(0)
                        .get("attempts")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void aCustomerSeesTheKindOfARefusalButNotThePaymentsDetail() throws Exception {
        HttpResponse<String> response = place("poor-detail-1", order("c-poor", "SKU-1", 1));

        String id = json.readTree(response.body()).get("id").asString();
        HttpResponse<String> mine = http.send(
                HttpRequest.newBuilder(uri("/api/orders/" + id))
                        .header("Authorization", "Bearer " + Callers.TOKENS.customer("c-poor"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode authorize = json.readTree(mine.body()).get("saga").get("steps").get(1);
        assertThat(authorize.get("status").asString()).isEqualTo("REFUSED");
        assertThat(authorize.get("lastError").asString()).isEqualTo("refused");
        assertThat(mine.body()).doesNotContain("Not enough money");
        assertThat(get("/api/orders/" + id)
                        .get("saga")
                        .get("steps")
                        .get(1)
                        .get("lastError")
                        .asString())
                .isEqualTo("Not enough money");
    }

    /** Drops order-service's kept service token, so that its next participant call fetches one. */
    private void forgetTheServiceToken() {
        authorizedClients.removeAuthorizedClient("orderly", "anonymousUser");
    }

    /** POST as the admin (the saga admin actions). */
    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + Callers.TOKENS.admin())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/orders/" + id).get("status").asString().equals(status));
    }

    /** A POST /api/orders body: the customer, then SKU and quantity pairs. */
    private static String order(String customerId, Object... skuAndQuantity) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            items.add(Map.of("sku", skuAndQuantity[i], "quantity", skuAndQuantity[i + 1]));
        }
        return json.writeValueAsString(Map.of("customerId", customerId, "items", items));
    }

    /** POST /api/orders as the customer the body names. */
    private HttpResponse<String> place(String key, String body) throws Exception {
        String customer = json.readTree(body).get("customerId").asString();
        return http.send(
                HttpRequest.newBuilder(uri("/api/orders"))
                        .header("Authorization", "Bearer " + Callers.TOKENS.customer(customer))
                        .header("Idempotency-Key", key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> placeUnchecked(String key, String body) {
        try {
            return place(key, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(text(path));
    }

    /** The Prometheus scrape, from the management port (the main port serves health only). */
    private String scrape() throws Exception {
        return http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** GET as the admin, who reads every order with its saga's full errors. */
    private String text(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri(path))
                                .header("Authorization", "Bearer " + Callers.TOKENS.admin())
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
