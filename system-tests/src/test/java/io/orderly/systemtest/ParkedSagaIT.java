package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderly.testsupport.TestPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A participant that answers what the protocol does not expect (a 403, from the fault-injection
 * jar's orderly.fault.status on the loader path of one inventory instance): before the point of no
 * return the saga gives up and cancels with PARTICIPANT_ERROR, holding nothing; after it the saga
 * is parked as NEEDS_ATTENTION with the order PENDING, until the faulty instance is replaced and an
 * admin retries it on order-service. A fleet of its own (registry, one payment and one order
 * instance, one inventory instance at a time, swapped per test), so that the load balancer has no
 * healthy inventory instance to pick instead of the faulty one.
 */
class ParkedSagaIT {

    static final List<ServiceProcess> started = new ArrayList<>();
    static Path logDir;
    static ServiceProcess discovery;
    static ServiceProcess payments;
    static ServiceProcess orders;
    static ServiceProcess inventory;
    static TestPostgres.Database inventoryDb;
    static TestPostgres.Database paymentsDb;
    static TestPostgres.Database ordersDb;
    static int generation;
    static AuthAccess auth;

    final String run = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void startFleet() throws IOException {
        logDir = OrderlySystem.repoRoot().resolve("system-tests/target/system-logs/parked-saga");
        Files.createDirectories(logDir);
        inventoryDb = TestPostgres.newDatabase("parked_inventory");
        paymentsDb = TestPostgres.newDatabase("parked_payments");
        ordersDb = TestPostgres.newDatabase("parked_orders");
        discovery = start(new ServiceProcess(
                "discovery-service", "discovery-service", freePort(), RegistryAccess.registryEnvironment(), logDir));
        discovery.awaitReady(OrderlySystem.START_TIMEOUT);
        auth = AuthAccess.start(
                "auth-service",
                RegistryAccess.clientEnvironment(discovery),
                logDir,
                p -> {
                    synchronized (started) {
                        started.add(p);
                    }
                    return p;
                },
                OrderlySystem.START_TIMEOUT);
        payments = start(new ServiceProcess("payment-0", "payment-service", freePort(), env(paymentsDb), logDir));
        orders = start(new ServiceProcess("order-0", "order-service", freePort(), env(ordersDb), logDir));
        for (ServiceProcess p : List.of(payments, orders)) {
            System.out.printf("%s ready in %.1f s%n", p.name, p.awaitReady(OrderlySystem.START_TIMEOUT));
        }
    }

    @AfterAll
    static void stopEverythingStarted() {
        List<ServiceProcess> copy;
        synchronized (started) {
            copy = new ArrayList<>(started);
        }
        copy.parallelStream().forEach(p -> p.stop(Duration.ofSeconds(15)));
    }

    @Test
    void unexpectedAnswersToReservationsCancelTheOrderWithParticipantErrorHoldingNothing() {
        Api inventoryApi = replaceInventory(
                Map.of("ORDERLY_FAULT_STATUS", "403", "ORDERLY_FAULT_STATUS_PATHS", "/reservations/*"));
        String sku = "PA" + run;
        String customer = Tokens.newCustomer();
        createProduct(inventoryApi, sku, 10);
        createAccount(customer, "100.00");

        String id = place("parked-a-" + run, Orders.of(customer, sku, 2));

        JsonNode order = awaitOrder(id, o -> o.path("status").asString().equals("CANCELLED"));
        assertThat(order.path("failureReason").asString()).isEqualTo("PARTICIPANT_ERROR");
        JsonNode reserve = order.path("saga").path("steps").get(0);
        assertThat(reserve.path("step").asString()).isEqualTo("RESERVE_STOCK");
        assertThat(reserve.path("lastError").asString()).contains("403");
        assertThat(order.path("saga").path("steps").findValuesAsString("step")).doesNotContain("AUTHORIZE_PAYMENT");
        JsonNode product = inventoryApi.get("/api/products/" + sku).json();
        assertThat(product.path("reserved").asInt()).as("reserved").isZero();
        assertThat(product.path("onHand").asInt()).as("onHand").isEqualTo(10);
        JsonNode account = new Api(payments.url(), auth.tokens)
                .as("admin")
                .get("/api/accounts/" + customer)
                .json();
        assertThat(account.path("held").decimalValue()).as("held").isZero();
        assertThat(account.path("balance").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(new Api(payments.url(), auth.tokens)
                        .asOrderService()
                        .get("/payments/" + id)
                        .status())
                .as("payment-service never saw the order")
                .isEqualTo(404);
    }

    @Test
    void unexpectedAnswersToAConfirmParkTheSagaUntilTheInstanceIsReplacedAndAnAdminRetriesIt() {
        Api faulty = replaceInventory(
                Map.of("ORDERLY_FAULT_STATUS", "403", "ORDERLY_FAULT_STATUS_PATHS", "/reservations/*/confirm"));
        String sku = "PB" + run;
        String customer = Tokens.newCustomer();
        createProduct(faulty, sku, 10);
        createAccount(customer, "100.00");

        String id = place("parked-b-" + run, Orders.of(customer, sku, 2));

        JsonNode parked =
                awaitOrder(id, o -> o.path("saga").path("state").asString().equals("NEEDS_ATTENTION"));
        assertThat(parked.path("status").asString()).isEqualTo("PENDING");
        JsonNode confirm = parked.path("saga").path("steps").get(2);
        assertThat(confirm.path("step").asString()).isEqualTo("CONFIRM_STOCK");
        assertThat(confirm.path("lastError").asString()).contains("403");
        Api orderApi = new Api(orders.url(), auth.tokens).as("admin");
        assertThat(gauge(new Api(orders.managementUrl()), "orderly_saga_parked"))
                .as("orderly_saga_parked")
                .isEqualTo(1.0);
        Api.Response listed = orderApi.get("/api/admin/sagas?state=NEEDS_ATTENTION");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().findValuesAsString("orderId")).contains(id);
        assertThat(orderApi.post("/api/admin/sagas/" + id + "/compensate", "").status())
                .as("compensate past the point of no return")
                .isEqualTo(409);

        Api healthy = replaceInventory(Map.of());
        Api.Response retry = orderApi.post("/api/admin/sagas/" + id + "/retry", "");
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);

        JsonNode confirmed = awaitOrder(id, o -> o.path("status").asString().equals("CONFIRMED"));
        assertThat(confirmed.path("saga").path("state").asString()).isEqualTo("CONFIRMED");
        JsonNode audit = confirmed.path("saga").path("audit");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("action").asString()).isEqualTo("RETRY");
        assertThat(audit.get(0).path("by").asString())
                .as("the admin, from its token")
                .isEqualTo("admin");
        assertThat(audit.get(0).path("at").asString()).isNotBlank();
        // Invariants 2 to 4 for this order's SKU and customer.
        JsonNode product = healthy.get("/api/products/" + sku).json();
        assertThat(product.path("onHand").asInt()).as("onHand").isEqualTo(8);
        assertThat(product.path("reserved").asInt()).as("reserved").isZero();
        JsonNode account = new Api(payments.url(), auth.tokens)
                .as("admin")
                .get("/api/accounts/" + customer)
                .json();
        BigDecimal total = confirmed.path("total").decimalValue();
        assertThat(account.path("balance").decimalValue())
                .isEqualByComparingTo(new BigDecimal("100.00").subtract(total));
        assertThat(account.path("held").decimalValue()).as("held").isZero();
        assertThat(healthy.asOrderService()
                        .get("/reservations/" + id)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("CONFIRMED");
        assertThat(new Api(payments.url(), auth.tokens)
                        .asOrderService()
                        .get("/payments/" + id)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("CAPTURED");
        assertThat(gauge(new Api(orders.managementUrl()), "orderly_saga_parked"))
                .as("orderly_saga_parked")
                .isEqualTo(0.0);
    }

    /** Stops the running inventory instance (if any) and starts one with these faults, registered alone. */
    private static Api replaceInventory(Map<String, String> faults) {
        if (inventory != null) {
            inventory.stop(Duration.ofSeconds(15));
        }
        Map<String, String> env = new LinkedHashMap<>(env(inventoryDb));
        env.putAll(faults);
        ServiceProcess fresh =
                new ServiceProcess("inventory-" + generation++, "inventory-service", freePort(), env, logDir);
        inventory = start(faults.isEmpty() ? fresh : fresh.withFaultInjection());
        System.out.printf("%s ready in %.1f s%n", inventory.name, inventory.awaitReady(OrderlySystem.START_TIMEOUT));
        int port = inventory.port;
        // order-service then finds it within its registry fetch and cache (2 s each); the saga's own
        // retries cover that gap.
        await().alias(inventory.name + " is the only inventory-service in the registry")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> registeredInventoryPorts().equals(List.of(port)));
        return new Api(inventory.url(), auth.tokens).as("admin");
    }

    /** The value of an untagged-or-tagged gauge in the Prometheus scrape of one instance (its management port). */
    private static double gauge(Api api, String name) {
        for (String line : api.getText("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " not in the scrape");
    }

    private static List<Integer> registeredInventoryPorts() {
        Api.Response response = RegistryAccess.api(discovery).get("/eureka/apps/INVENTORY-SERVICE");
        if (response.status() != 200) {
            return List.of();
        }
        JsonNode instances = response.json().path("application").path("instance");
        List<Integer> ports = new ArrayList<>();
        if (instances.isArray()) {
            instances.forEach(i -> ports.add(i.path("port").path("$").asInt()));
        } else if (instances.isObject()) {
            ports.add(instances.path("port").path("$").asInt());
        }
        return ports;
    }

    private static void createProduct(Api inventoryApi, String sku, int onHand) {
        Api.Response r = inventoryApi.post(
                "/api/products",
                Map.of("sku", sku, "name", "Test " + sku, "price", new BigDecimal("2.50"), "onHand", onHand),
                Ledger.json());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static void createAccount(String customer, String balance) {
        Api.Response r = new Api(payments.url(), auth.tokens)
                .as("admin")
                .post(
                        "/api/accounts",
                        Map.of("customerId", customer, "initialBalance", new BigDecimal(balance)),
                        Ledger.json());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static String place(String key, Orders.PlaceOrder body) {
        Api.Response r = new Api(orders.url(), auth.tokens)
                .as(body.customerId())
                .post("/api/orders", body, OrderClient.headers(key));
        assertThat(r.status()).as(r.body()).isIn(201, 202);
        return r.json().path("id").asString();
    }

    private static JsonNode awaitOrder(String id, Predicate<JsonNode> condition) {
        Api api = new Api(orders.url(), auth.tokens).as("admin");
        return await().alias("order " + id + "; logs in " + logDir)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/orders/" + id).json(), condition);
    }

    private static Map<String, String> env(TestPostgres.Database db) {
        Map<String, String> env = new LinkedHashMap<>(RegistryAccess.clientEnvironment(discovery));
        env.putAll(auth.clientEnvironment());
        env.put("SPRING_DATASOURCE_URL", db.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", db.username());
        env.put("SPRING_DATASOURCE_PASSWORD", db.password());
        return env;
    }

    private static int freePort() {
        return OrderlySystem.freePort();
    }

    private static ServiceProcess start(ServiceProcess p) {
        synchronized (started) {
            started.add(p);
        }
        return p.start();
    }
}
