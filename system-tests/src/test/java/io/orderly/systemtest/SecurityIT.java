package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.OAuthLogin;
import io.orderly.testsupport.TestTokens;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, from outside, against the shared fleet (every service its own JVM, tokens from
 * the real auth-service obtained with the code flow and PKCE): the gateway's and the services' own
 * checks, and that a refusal writes nothing. Prints the table of what was tried.
 */
class SecurityIT {

    static OrderlySystem system;
    static Api gateway;
    static Api admin;
    static final List<String> table = new ArrayList<>();

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        gateway = system.api(system.gatewayUrl());
        admin = gateway.as("admin");
    }

    @AfterAll
    static void printTable() {
        System.out.printf("%nACCESS through the gateway and to the services (expected / answered):%n");
        table.forEach(row -> System.out.println("  " + row));
    }

    private static Api.Response record(String attempt, int expected, Api.Response answer) {
        String type = answer.body().startsWith("{") ? answer.json().path("type").asString() : "";
        table.add(String.format("%-66s %d / %d %s", attempt, expected, answer.status(), type));
        assertThat(answer.status()).as(attempt + ": " + answer.body()).isEqualTo(expected);
        if (expected == 401 || expected == 403) {
            assertThat(answer.header("Content-Type")).as(attempt).startsWith("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).as(attempt).startsWith("Bearer");
        }
        return answer;
    }

    /** A customer with an account of 100.00 and one confirmed order; returns the order's id. */
    private static String customerWithAnOrder(String customer, String sku) {
        Ledger ledger = new Ledger();
        ledger.account(admin, customer, "100.00");
        Api.Response placed = OrderClient.place(
                gateway,
                "sec-" + UUID.randomUUID(),
                Orders.of(customer, sku, 1),
                new java.util.concurrent.atomic.AtomicInteger());
        assertThat(placed.status()).as(placed.body()).isIn(201, 202);
        return placed.json().path("id").asString();
    }

    @Test
    void withoutAValidTokenNothingButTheCatalogueAnswers() {
        record("GET /api/products without a token", 200, gateway.get("/api/products?size=1"));
        record("GET /api/orders without a token", 401, gateway.get("/api/orders?size=1"));
        record("GET /api/accounts/c-1 without a token", 401, gateway.get("/api/accounts/c-1"));
        record(
                "POST /api/accounts/c-1/deposits without a token",
                401,
                gateway.post(
                        "/api/accounts/c-1/deposits", Map.of("amount", new BigDecimal("100000000")), Ledger.json()));
        // Signed by a key auth-service never had, naming another issuer: a forgery.
        Map<String, String> forged =
                Map.of("Authorization", "Bearer " + TestTokens.shared().forgedAdmin());
        record(
                "GET /api/orders with a forged admin token",
                401,
                gateway.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(system.gatewayUrl() + "/api/orders"))
                                .GET(),
                        forged));
        record(
                "GET /api/orders with a malformed token",
                401,
                gateway.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(system.gatewayUrl() + "/api/orders"))
                                .GET(),
                        Map.of("Authorization", "Bearer not.a.jwt")));
    }

    @Test
    void aCustomerActsOnlyForItself() {
        String alice = Tokens.newCustomer();
        String bob = Tokens.newCustomer();
        String order = customerWithAnOrder(alice, "SKU-2");
        new Ledger().account(admin, bob, "50.00");
        Api asBob = gateway.as(bob);

        record("bob GET alice's order", 404, asBob.get("/api/orders/" + order));
        record("bob GET /api/orders?customerId=alice", 403, asBob.get("/api/orders?customerId=" + alice));
        record("bob GET alice's account", 404, asBob.get("/api/accounts/" + alice));
        record(
                "bob POST a deposit to alice's account",
                404,
                asBob.post(
                        "/api/accounts/" + alice + "/deposits",
                        Map.of("amount", new BigDecimal("5.00")),
                        Ledger.json()));
        record(
                "bob POST /api/orders naming alice",
                403,
                asBob.post(
                        "/api/orders", Orders.of(alice, "SKU-2", 1), OrderClient.headers("sec-" + UUID.randomUUID())));

        // Bob's own list is his own (empty), alice's account and orders are unchanged.
        JsonNode bobs = asBob.get("/api/orders").json();
        assertThat(bobs.path("content").findValuesAsString("customerId")).containsOnly();
        assertThat(Ledger.ordersOf(admin, alice)).hasSize(1);
        JsonNode account = admin.get("/api/accounts/" + alice).json();
        assertThat(account.path("balance")
                        .decimalValue()
                        .add(account.path("held").decimalValue()))
                .as("alice's money: nothing deposited by bob")
                .isLessThanOrEqualTo(new BigDecimal("100.00"));
        record("alice GET her own order", 200, gateway.as(alice).get("/api/orders/" + order));
        record("alice GET her own account", 200, gateway.as(alice).get("/api/accounts/" + alice));
    }

    @Test
    void onlyTheAdminManagesProductsAccountsAndSagas() {
        Api customer = gateway.as(Tokens.newCustomer());
        String sku = "SEC-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> product =
                Map.of("sku", sku, "name", "Secure", "price", new BigDecimal("1.00"), "onHand", 5);
        record("customer POST /api/products", 403, customer.post("/api/products", product, Ledger.json()));
        record(
                "customer POST /api/products/SKU-1/restock",
                403,
                customer.post("/api/products/SKU-1/restock", Map.of("quantity", 1000), Ledger.json()));
        record(
                "customer POST /api/accounts",
                403,
                customer.post(
                        "/api/accounts",
                        Map.of("customerId", Tokens.newCustomer(), "initialBalance", new BigDecimal("1000000")),
                        Ledger.json()));
        record("customer GET /api/admin/sagas", 403, customer.get("/api/admin/sagas"));
        assertThat(admin.get("/api/products/" + sku).status())
                .as("nothing created")
                .isEqualTo(404);

        record("admin POST /api/products", 201, admin.post("/api/products", product, Ledger.json()));
        record("admin GET /api/admin/sagas", 200, admin.get("/api/admin/sagas"));
        record(
                "admin POST /api/orders (the admin is no customer)",
                403,
                admin.post("/api/orders", Orders.of("c-1", sku, 1), OrderClient.headers("sec-" + UUID.randomUUID())));
    }

    @Test
    void theParticipantsAcceptOnlyOrderServicesServiceToken() {
        ServiceProcess inventory = system.instances.get("inventory-service").getFirst();
        ServiceProcess payment = system.instances.get("payment-service").getFirst();
        String id = "sec-" + UUID.randomUUID();
        Map<String, Object> reservation = Map.of("items", List.of(new Orders.Item("SKU-3", 1)));
        record(
                "PUT /reservations/{id} on inventory's port, no token",
                401,
                new Api(inventory.url()).put("/reservations/" + id, reservation));
        record(
                "PUT /reservations/{id} on inventory's port, the admin's token",
                403,
                system.api(inventory.url()).as("admin").put("/reservations/" + id, reservation));
        record(
                "GET /payments/{id} on payment's port, a customer's token",
                403,
                system.api(payment.url()).as(Tokens.newCustomer()).get("/payments/" + id));
        record(
                "GET /payments/{id} on payment's port, order-service's token",
                404,
                system.api(payment.url()).asOrderService().get("/payments/" + id));
        assertThat(admin.get("/api/products/SKU-3").json().path("reserved").asInt())
                .as("nothing reserved")
                .isZero();
    }

    @Test
    void aServiceTokenNeedsTheRightSecretAndScope() {
        OAuthLogin login = new OAuthLogin(system.auth.process.url());
        table.add(String.format(
                "%-66s %s",
                "client credentials, wrong secret",
                "401 / "
                        + login.clientCredentials("order-service", "guessed", "payment.payments")
                                .statusCode()));
        assertThat(login.clientCredentials("order-service", "guessed", "payment.payments")
                        .statusCode())
                .isEqualTo(401);
        assertThat(login.clientCredentials("order-service", Tokens.ORDER_SERVICE_SECRET, "openid")
                        .statusCode())
                .as("a scope order-service does not have")
                .isEqualTo(400);
        assertThat(login.authorizationCode("admin", Tokens.CUSTOMER_PASSWORD))
                .as("the admin, wrong password")
                .isEmpty();
    }

    @Test
    void idempotencyKeysBelongToTheirCaller() {
        String alice = Tokens.newCustomer();
        String bob = Tokens.newCustomer();
        new Ledger().account(admin, alice, "20.00");
        new Ledger().account(admin, bob, "20.00");
        String key = "shared-" + UUID.randomUUID();
        Api.Response first = OrderClient.place(
                gateway, key, Orders.of(alice, "SKU-4", 1), new java.util.concurrent.atomic.AtomicInteger());
        Api.Response second = OrderClient.place(
                gateway, key, Orders.of(bob, "SKU-4", 1), new java.util.concurrent.atomic.AtomicInteger());
        assertThat(first.status()).isIn(201, 202);
        assertThat(second.status()).as(second.body()).isIn(201, 202);
        assertThat(second.json().path("id").asString())
                .isNotEqualTo(first.json().path("id").asString());
        assertThat(second.json().path("customerId").asString()).isEqualTo(bob);
        table.add(String.format("%-66s %s", "one Idempotency-Key, two customers", "two orders, each its own"));
    }
}
