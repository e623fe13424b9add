package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks from outside, against the running system (every service a separate JVM on PostgreSQL):
 * oversized and endless bodies, bursts, bad input, and paths that must not exist on the public side.
 * Each attack is sent through the gateway as a user would send it; its answer must be the expected
 * 4xx problem detail, and where it could have written something, nothing was written. The table of
 * attacks and answers is printed for the record.
 */
class AbuseIT {

    static OrderlySystem system;
    static Api api;
    static ServiceProcess limitedGateway;
    static final List<String> table = new ArrayList<>();

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        api = system.api();
    }

    @AfterAll
    static void printTable() {
        if (limitedGateway != null) {
            limitedGateway.stop(Duration.ofSeconds(10));
        }
        System.out.printf("%nATTACKS through the gateway (expected / answered):%n");
        table.forEach(row -> System.out.println("  " + row));
    }

    /** A customer of this test's own, so that "nothing written" means its order list stays empty. */
    private static String ownCustomer() {
        return Tokens.newCustomer();
    }

    private static long ordersOf(String customer) {
        Api.Response list = api.get("/api/orders?customerId=" + customer);
        assertThat(list.status()).isEqualTo(200);
        return list.json().path("page").path("totalElements").asLong();
    }

    private static Api.Response record(String attack, int expected, Api.Response answer) {
        String type = answer.body().startsWith("{") ? answer.json().path("type").asString() : "";
        table.add(String.format("%-62s %d / %d %s", attack, expected, answer.status(), type));
        assertThat(answer.status()).as(attack + ": " + answer.body()).isEqualTo(expected);
        assertThat(answer.header("Content-Type")).as(attack).startsWith("application/problem+json");
        return answer;
    }

    @Test
    void aTenMegabyteBodyIsRefusedAtTheGatewayAndNothingIsWritten() {
        String customer = ownCustomer();
        String padding = "x".repeat(10 * 1024 * 1024);
        String body = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}],\"pad\":\""
                + padding + "\"}";
        record(
                "POST /api/orders with a 10 MB body",
                413,
                api.as(customer).post("/api/orders", body, OrderClient.headers(key())));
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aChunkedBodyWithoutLengthIsCutOffAtTheLimit() {
        String customer = ownCustomer();
        byte[] body = ("{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}],\"pad\":\""
                        + "x".repeat(1024 * 1024) + "\"}")
                .getBytes();
        HttpRequest.Builder chunked = HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/api/orders"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        record(
                "POST /api/orders, 1 MB chunked (no Content-Length)",
                413,
                api.as(customer).send(chunked, OrderClient.headers(key())));
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aFractionalQuantityIsRefusedNotTruncated() {
        String customer = ownCustomer();
        String body = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2.9}]}";
        record(
                "POST /api/orders with quantity 2.9",
                400,
                api.as(customer).post("/api/orders", body, OrderClient.headers(key())));
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void duplicateJsonKeysAreRefused() {
        String customer = ownCustomer();
        String body = "{\"customerId\":\"" + customer + "\",\"customerId\":\"c-2\","
                + "\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}";
        record(
                "POST /api/orders with customerId twice",
                400,
                api.as(customer).post("/api/orders", body, OrderClient.headers(key())));
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void pagesBeyondTheBoundAreRefused() {
        record("GET /api/orders?page=2147483647", 400, api.get("/api/orders?page=2147483647"));
        record("GET /api/products?page=2147483647", 400, api.get("/api/products?page=2147483647"));
        record("GET /api/products?size=100000", 400, api.get("/api/products?size=100000"));
    }

    @Test
    void aProductPricedBeyondWhatAnOrderTotalCanHoldIsRefused() {
        String sku = "ABUSE-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("sku", sku);
        product.put("name", "too dear");
        product.put("price", new BigDecimal("1000000.00"));
        product.put("onHand", 1);
        record("POST /api/products priced 1,000,000.00", 400, api.post("/api/products", product, Ledger.json()));
        assertThat(api.get("/api/products/" + sku).status()).isEqualTo(404);
    }

    @Test
    void aRestockBeyondAnIntIsRefusedAndTheStockIsUnchanged() {
        String sku = "ABUSE-" + UUID.randomUUID().toString().substring(0, 8);
        new Ledger().product(api, sku, "1.00", 5);
        record(
                "POST /api/products/{sku}/restock quantity 3000000000",
                400,
                api.post("/api/products/" + sku + "/restock", "{\"quantity\":3000000000}", Ledger.json()));
        assertThat(api.get("/api/products/" + sku).json().path("onHand").asInt())
                .isEqualTo(5);
    }

    @Test
    void theFallbackIsNotAPublicPathAndDoesNotEchoIt() {
        String probe = "/fallback/inventory-service%3Cscript%3E";
        Api.Response answer = record("GET /fallback/inventory-service<script>", 404, api.get(probe));
        assertThat(answer.body()).doesNotContain("script").doesNotContain("fallback");
    }

    @Test
    void managementEndpointsAreNotOnThePublicPort() {
        for (String path :
                List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/serviceregistry", "/actuator/env")) {
            record("GET " + path + " on the gateway's public port", 404, api.get(path));
        }
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void participantPathsAreNotRouted() {
        record("PUT /reservations/o-1 (participant, from outside)", 404, api.put("/reservations/o-1", "{}"));
        record("PUT /payments/o-1 (participant, from outside)", 404, api.put("/payments/o-1", "{}"));
    }

    @Test
    void aRogueRegistrationWithoutTheRegistrysCredentialsIsRefusedAndNotListed() {
        String app = "PAYMENT-SERVICE";
        String rogue = "rogue-" + UUID.randomUUID().toString().substring(0, 8);
        String instance = "{\"instance\":{\"instanceId\":\"" + rogue + "\",\"hostName\":\"10.66.6.6\",\"app\":\"" + app
                + "\",\"ipAddr\":\"10.66.6.6\",\"status\":\"UP\",\"port\":{\"$\":8082,\"@enabled\":\"true\"},"
                + "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\","
                + "\"name\":\"MyOwn\"}}}";
        Api anonymous = new Api(system.discovery.url());
        record(
                "POST /eureka/apps/PAYMENT-SERVICE without credentials",
                401,
                anonymous.post("/eureka/apps/" + app, instance, Ledger.json()));
        record(
                "PUT /eureka/apps/PAYMENT-SERVICE/{id}/status?value=OUT_OF_SERVICE, none",
                401,
                anonymous.put("/eureka/apps/" + app + "/" + rogue + "/status?value=OUT_OF_SERVICE", ""));
        Api wrong = new Api(system.discovery.url()).withBasicAuth(RegistryAccess.USER, "guessed");
        record(
                "POST /eureka/apps/PAYMENT-SERVICE with a wrong password",
                401,
                wrong.post("/eureka/apps/" + app, instance, Ledger.json()));
        Api.Response listed = RegistryAccess.api(system.discovery).get("/eureka/apps/" + app);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(rogue);
    }

    @Test
    void aBurstAboveTheLimitIs429WithRetryAfterAndThenServedAgain() throws IOException {
        // A gateway of its own with low limits (the shared one has limits no test reaches), and
        // buckets in a Redis namespace of its own.
        Map<String, String> env = new LinkedHashMap<>(system.registryEnv());
        env.put("ORDERLY_GATEWAY_RATE_LIMIT", "5");
        env.put("ORDERLY_GATEWAY_RATE_BURST", "10");
        env.put("ORDERLY_GATEWAY_RATELIMIT_NAMESPACE", "abuse-" + UUID.randomUUID());
        Path logDir =
                Files.createDirectories(OrderlySystem.repoRoot().resolve("system-tests/target/system-logs/abuse"));
        limitedGateway =
                new ServiceProcess("gateway-limited", "gateway-service", OrderlySystem.freePort(), env, logDir).start();
        limitedGateway.awaitReady(OrderlySystem.START_TIMEOUT);
        Api limited = system.api(limitedGateway.url()).anonymous();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> limited.get("/api/products/SKU-1").status() == 200);

        // The requests of the wait above drew from the address's bucket: let it refill to its burst
        // capacity (10 tokens at 5/s) so that the burst below starts from a full one.
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<Api.Response> burst = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            burst.add(limited.get("/api/products/SKU-1"));
        }
        Api.Response refused = burst.stream()
                .filter(r -> r.status() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 429 in a burst of 40: "
                        + Arrays.toString(
                                burst.stream().mapToInt(Api.Response::status).toArray())));
        record("40 reads at once, limit 5/s burst 10 (first refusal)", 429, refused);
        // The bucket is the caller's: a customer with its token draws from its own, not the address's.
        Api.Response customer = limited.as(Tokens.newCustomer()).get("/api/orders?size=1");
        assertThat(customer.status())
                .as("a customer while the address's bucket is empty")
                .isEqualTo(200);
        table.add(String.format("%-62s %s", "  ... a customer (its own bucket) meanwhile", "200"));
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(burst.stream().filter(r -> r.status() == 200).count()).isGreaterThanOrEqualTo(10);
        assertThat(burst.stream().map(Api.Response::status).filter(Predicate.not(s -> s == 200 || s == 429)))
                .isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> limited.get("/api/products/SKU-1").status() == 200);
        table.add(String.format("%-62s %s", "  ... and after Retry-After", "200 again"));
    }

    private static String key() {
        return "abuse-" + UUID.randomUUID();
    }
}
