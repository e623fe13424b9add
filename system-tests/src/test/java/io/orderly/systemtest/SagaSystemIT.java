package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The saga end to end, every service a separate JVM on PostgreSQL: a bounded run of mixed orders
 * through the gateway (successes and each kind of refusal, duplicate keys), then DESIGN section 7's
 * invariants checked through the public and participant APIs.
 */
class SagaSystemIT {

    static final int ORDERS = Integer.getInteger("orderly.saga.orders", 500);
    static final int CLIENTS = 8;

    static OrderlySystem system;
    static Api api;
    static Api inventory;
    static Api payment;
    final String run = UUID.randomUUID().toString().substring(0, 6);
    /** A customer (a user auth-service knows) without an account. */
    final String nobody = Tokens.newCustomer();

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        api = system.api();
        inventory = system.api(
                        system.instances.get("inventory-service").getFirst().url())
                .asOrderService();
        payment = system.api(system.instances.get("payment-service").getFirst().url())
                .asOrderService();
    }

    enum Kind {
        OK,
        UNKNOWN_PRODUCT,
        UNKNOWN_CUSTOMER,
        INSUFFICIENT_FUNDS,
        INSUFFICIENT_STOCK
    }

    record Placed(String key, Kind kind, int status, long micros, String orderId) {}

    @Test
    void mixedOrdersSettleWithEveryInvariantHolding() throws Exception {
        Ledger ledger = new Ledger();
        List<String> skus = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String sku = "S" + run + "-" + i;
            ledger.product(api, sku, i + ".25", 400);
            skus.add(sku);
        }
        String scarce = "S" + run + "-scarce";
        ledger.product(api, scarce, "3.00", 0);
        List<String> customers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String customer = Tokens.newCustomer();
            ledger.account(api, customer, "2000.00");
            customers.add(customer);
        }
        ledger.unknownCustomers.add(nobody);
        String poor = Tokens.newCustomer();
        ledger.account(api, poor, "1.00");

        Random random = new Random(42);
        List<Orders.PlaceOrder> bodies = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            int dice = random.nextInt(100);
            Kind kind = dice < 80 ? Kind.OK : Kind.values()[1 + (dice - 80) / 5];
            List<Orders.Item> items = new ArrayList<>();
            List<String> shuffled = new ArrayList<>(skus);
            Collections.shuffle(shuffled, random);
            for (int line = 0; line < 1 + random.nextInt(2); line++) {
                items.add(new Orders.Item(shuffled.get(line), 1 + random.nextInt(2)));
            }
            Orders.PlaceOrder order = Orders.of(customers.get(random.nextInt(customers.size())), items);
            order = switch (kind) {
                case UNKNOWN_PRODUCT -> order.and("S" + run + "-nope", 1);
                case UNKNOWN_CUSTOMER -> order.by(nobody);
                case INSUFFICIENT_FUNDS -> order.by(poor);
                case INSUFFICIENT_STOCK -> order.and(scarce, 1);
                case OK -> order;
            };
            bodies.add(order);
            kinds.add(kind);
        }

        List<Placed> placed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger clientErrors = new AtomicInteger();
        AtomicInteger replays = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < ORDERS; i = next.getAndIncrement()) {
                        String key = "k-" + run + "-" + i;
                        long t0 = System.nanoTime();
                        Api.Response r = OrderClient.place(api, key, bodies.get(i), clientErrors);
                        long micros = (System.nanoTime() - t0) / 1000;
                        placed.add(new Placed(
                                key,
                                kinds.get(i),
                                r.status(),
                                micros,
                                r.status() < 300 ? r.json().path("id").asString() : null));
                        if (i % 10 == 0) { // a client that resends: the same key must replay, not re-run
                            Api.Response again = OrderClient.place(api, key, bodies.get(i), clientErrors);
                            assertThat(again.status()).isEqualTo(r.status());
                            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
                            assertThat(again.json().path("id").asString())
                                    .isEqualTo(r.json().path("id").asString());
                            replays.incrementAndGet();
                        }
                        if (i % 50 == 0) {
                            ledger.restock(api, skus.get(i % skus.size()), 5);
                            ledger.deposit(api, customers.get(i % customers.size()), "10.00");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(placed).hasSize(ORDERS);
        assertThat(placed).allSatisfy(p -> assertThat(p.status()).as(p.key()).isIn(201, 202));
        Set<String> ids = new HashSet<>();
        placed.forEach(p -> ids.add(p.orderId()));
        assertThat(ids).as("one order per key").hasSize(ORDERS);

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(ledger.orders(api))
                        .allSatisfy(o -> assertThat(o.path("status").asString()).isIn("CONFIRMED", "CANCELLED")));

        Map<String, JsonNode> byId = new ConcurrentHashMap<>();
        ledger.orders(api).forEach(o -> byId.put(o.path("id").asString(), o));
        assertThat(byId.keySet()).as("invariant 5: N keys, N orders").isEqualTo(ids);
        for (Placed p : placed) {
            JsonNode order = byId.get(p.orderId());
            String expected = switch (p.kind()) {
                case OK -> null;
                case UNKNOWN_PRODUCT -> "UNKNOWN_PRODUCT";
                case UNKNOWN_CUSTOMER -> "UNKNOWN_CUSTOMER";
                case INSUFFICIENT_FUNDS -> "INSUFFICIENT_FUNDS";
                case INSUFFICIENT_STOCK -> "INSUFFICIENT_STOCK";
            };
            if (expected != null) {
                assertThat(order.path("status").asString()).as(p.key()).isEqualTo("CANCELLED");
                assertThat(order.path("failureReason").asString()).as(p.key()).isEqualTo(expected);
            }
        }
        List<String> violations = ledger.violations(api, inventory, payment);

        List<Long> latencies = placed.stream().map(Placed::micros).sorted().toList();
        long confirmed = byId.values().stream()
                .filter(o -> o.path("status").asString().equals("CONFIRMED"))
                .count();
        System.out.printf(
                "%nSAGA RUN: %d orders (%d confirmed, %d cancelled) in %.1f s = %.1f orders/s; "
                        + "POST p50 %.1f ms, p99 %.1f ms; replays %d; client retries %d; violations %d%n%n",
                ORDERS,
                confirmed,
                ORDERS - confirmed,
                seconds,
                ORDERS / seconds,
                percentile(latencies, 50) / 1000.0,
                percentile(latencies, 99) / 1000.0,
                replays.get(),
                clientErrors.get(),
                violations.size());
        assertThat(violations).isEmpty();
        assertThat(confirmed).as("most orders go through").isGreaterThan(ORDERS / 2);
    }

    @Test
    void oneKeySentManyTimesAtOnceCreatesOneOrder() throws Exception {
        Ledger ledger = new Ledger();
        String customer = Tokens.newCustomer();
        ledger.account(api, customer, "100.00");
        String sku = "S" + run + "-dup";
        ledger.product(api, sku, "1.50", 10);
        Orders.PlaceOrder body = Orders.of(customer, sku, 1);
        String key = "dup-" + run;
        List<Api.Response> responses = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                pool.submit(() -> responses.add(
                        OrderClient.onBehalfOf(api, body).post("/api/orders", body, OrderClient.headers(key))));
            }
        }
        assertThat(responses)
                .extracting(Api.Response::status)
                .allSatisfy(s -> assertThat(s).isIn(201, 202, 409));
        Set<String> ids = new HashSet<>();
        responses.stream()
                .filter(r -> r.status() < 300)
                .forEach(r -> ids.add(r.json().path("id").asString()));
        assertThat(ids).hasSize(1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Ledger.ordersOf(api, customer))
                        .hasSize(1)
                        .allSatisfy(o -> assertThat(o.path("status").asString()).isEqualTo("CONFIRMED")));
    }

    @Test
    void badOrdersAreRefusedAndCreateNothing() {
        String customer = Tokens.newCustomer();
        Ledger ledger = new Ledger();
        ledger.account(api, customer, "100.00");
        String sku = "S" + run + "-bad";
        ledger.product(api, sku, "1.50", 10);
        String otherSku = "S" + run + "-bad2";
        ledger.product(api, otherSku, "1.50", 10);
        Orders.Item item = new Orders.Item(sku, 1);
        List<Object> bad = List.of(
                "{not json",
                // (A body without customerId is an order for the token's customer: no longer bad.)
                Map.of("customerId", customer),
                Orders.of(customer, List.of()),
                Orders.of(customer, sku, 0),
                Orders.of(customer, sku, 1001),
                Orders.of(customer, List.of(item, item)),
                Orders.of(customer, Collections.nCopies(51, item)));
        for (Object body : bad) {
            Api.Response r =
                    api.as(customer).post("/api/orders", body, OrderClient.headers("bad-" + UUID.randomUUID()));
            assertThat(r.status()).as(String.valueOf(body)).isIn(400, 422);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        Orders.PlaceOrder good = Orders.of(customer, List.of(item));
        Api.Response missingKey = OrderClient.onBehalfOf(api, good).post("/api/orders", good, Ledger.json());
        assertThat(missingKey.status()).isEqualTo(400);
        assertThat(missingKey.problemType()).endsWith("/missing-header");
        assertThat(Ledger.ordersOf(api, customer)).isEmpty();
        assertThat(api.get("/api/accounts/" + customer)
                        .json()
                        .path("held")
                        .decimalValue()
                        .signum())
                .isZero();

        String key = "reuse-" + run;
        assertThat(OrderClient.onBehalfOf(api, good)
                        .post("/api/orders", good, OrderClient.headers(key))
                        .status())
                .isIn(201, 202);
        Api.Response other =
                api.as(customer).post("/api/orders", Orders.of(customer, otherSku, 1), OrderClient.headers(key));
        assertThat(other.status()).isEqualTo(422);
        assertThat(Ledger.ordersOf(api, customer)).hasSize(1);
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
