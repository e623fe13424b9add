package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * What a client knows it did to the system (products created and restocked, accounts opened and
 * credited), and the check of DESIGN section 7's invariants against what the public and
 * participant APIs report once the sagas have settled.
 */
final class Ledger {

    final Map<String, Integer> initialStock = new ConcurrentHashMap<>();
    final Map<String, Integer> restocked = new ConcurrentHashMap<>();
    final Map<String, BigDecimal> initialBalance = new ConcurrentHashMap<>();
    final Map<String, BigDecimal> deposited = new ConcurrentHashMap<>();
    /** Customers without an account whose (refused) orders still count. */
    final Set<String> unknownCustomers = ConcurrentHashMap.newKeySet();

    /** A product and a customer to buy it: what most order tests start from. */
    record Shop(String sku, String customer) {}

    /** A new product (its SKU {@code prefix} and a random suffix) and a new customer with {@code balance}. */
    Shop shop(Api api, String prefix, String price, int onHand, String balance) {
        Shop shop = new Shop(prefix + UUID.randomUUID().toString().substring(0, 6), Tokens.newCustomer());
        product(api, shop.sku(), price, onHand);
        account(api, shop.customer(), balance);
        return shop;
    }

    void product(Api api, String sku, String price, int onHand) {
        Api.Response r = api.post(
                "/api/products",
                Map.of("sku", sku, "name", "Test " + sku, "price", new BigDecimal(price), "onHand", onHand),
                json());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        initialStock.put(sku, onHand);
        restocked.put(sku, 0);
    }

    void account(Api api, String customerId, String balance) {
        Api.Response r = api.post(
                "/api/accounts", Map.of("customerId", customerId, "initialBalance", new BigDecimal(balance)), json());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        initialBalance.put(customerId, new BigDecimal(balance));
        deposited.put(customerId, BigDecimal.ZERO.setScale(2));
    }

    void restock(Api api, String sku, int quantity) {
        Api.Response r = api.post("/api/products/" + sku + "/restock", Map.of("quantity", quantity), json());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        restocked.merge(sku, quantity, Integer::sum);
    }

    void deposit(Api api, String customerId, String amount) {
        Api.Response r =
                api.post("/api/accounts/" + customerId + "/deposits", Map.of("amount", new BigDecimal(amount)), json());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        deposited.merge(customerId, new BigDecimal(amount), BigDecimal::add);
    }

    /** Waits (up to 3 minutes) until every order of the ledger's customers is CONFIRMED or CANCELLED, and returns them. */
    List<JsonNode> settledOrders(Api api) {
        await().alias("every order is CONFIRMED or CANCELLED")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(orders(api))
                        .allSatisfy(o -> assertThat(o.path("status").asString()).isIn("CONFIRMED", "CANCELLED")));
        return orders(api);
    }

    /** Every order of the ledger's customers, read through the paged list API. */
    List<JsonNode> orders(Api api) {
        List<JsonNode> all = new ArrayList<>();
        for (String customer : initialBalance.keySet()) {
            all.addAll(ordersOf(api, customer));
        }
        for (String customer : unknownCustomers) {
            all.addAll(ordersOf(api, customer));
        }
        return all;
    }

    static List<JsonNode> ordersOf(Api api, String customer) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            Api.Response r = api.get("/api/orders?customerId=" + customer + "&size=100&page=" + page);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            body.path("content").forEach(all::add);
            if (page + 1 >= body.path("page").path("totalPages").asInt()) {
                return all;
            }
        }
    }

    /** Checks invariants 1 to 4 and returns the violations found (empty when the system is correct). */
    List<String> violations(Api gateway, Api inventory, Api payment) {
        List<String> violations = new ArrayList<>();
        List<JsonNode> orders = orders(gateway);
        Map<String, Integer> confirmedQuantity = new HashMap<>();
        Map<String, BigDecimal> confirmedTotal = new HashMap<>();
        for (JsonNode order : orders) {
            String id = order.path("id").asString();
            String status = order.path("status").asString();
            if (!status.equals("CONFIRMED") && !status.equals("CANCELLED")) {
                violations.add("1: order " + id + " is " + status);
                continue;
            }
            Api.Response reservation = inventory.get("/reservations/" + id);
            Api.Response payment1 = payment.get("/payments/" + id);
            if (status.equals("CONFIRMED")) {
                order.path("items")
                        .forEach(item -> confirmedQuantity.merge(
                                item.path("sku").asString(),
                                item.path("quantity").asInt(),
                                Integer::sum));
                confirmedTotal.merge(
                        order.path("customerId").asString(), order.path("total").decimalValue(), BigDecimal::add);
                if (!hasStatus(reservation, "CONFIRMED")) {
                    violations.add("4: confirmed order " + id + " has reservation " + describe(reservation));
                }
                if (!hasStatus(payment1, "CAPTURED")) {
                    violations.add("4: confirmed order " + id + " has payment " + describe(payment1));
                }
            } else {
                violations.addAll(cancelledViolations(order, reservation, payment1));
            }
        }
        for (String sku : initialStock.keySet()) {
            JsonNode product = gateway.get("/api/products/" + sku).json();
            int expectedOnHand = initialStock.get(sku) + restocked.get(sku) - confirmedQuantity.getOrDefault(sku, 0);
            if (product.path("onHand").asInt() != expectedOnHand) {
                violations.add(
                        "2: " + sku + " onHand " + product.path("onHand").asInt() + ", expected " + expectedOnHand);
            }
            if (product.path("reserved").asInt() != 0) {
                violations.add(
                        "2: " + sku + " reserved " + product.path("reserved").asInt());
            }
        }
        for (String customer : initialBalance.keySet()) {
            JsonNode account = gateway.get("/api/accounts/" + customer).json();
            BigDecimal expected = initialBalance
                    .get(customer)
                    .add(deposited.get(customer))
                    .subtract(confirmedTotal.getOrDefault(customer, BigDecimal.ZERO));
            if (account.path("balance").decimalValue().compareTo(expected) != 0) {
                violations.add("3: " + customer + " balance " + account.path("balance") + ", expected " + expected);
            }
            if (account.path("held").decimalValue().signum() != 0) {
                violations.add("3: " + customer + " held " + account.path("held"));
            }
        }
        return violations;
    }

    /**
     * A cancelled saga ran every compensation it owed, and each leaves a row: the saga always ends
     * with CANCEL_RESERVATION (also after a refused reserve, which itself wrote nothing), and a cancel
     * of an id inventory never reserved writes a CANCELLED tombstone; CANCEL_PAYMENT runs exactly when
     * AUTHORIZE_PAYMENT was begun, with the same tombstone rule in payment-service. So a cancelled
     * order's reservation is CANCELLED, never absent; its payment is CANCELLED if the saga got as far
     * as authorizing, and absent (404) if it never did: nothing else may have called payment-service.
     */
    static List<String> cancelledViolations(JsonNode order, Api.Response reservation, Api.Response payment) {
        List<String> violations = new ArrayList<>();
        String id = order.path("id").asString();
        Set<String> steps = new HashSet<>();
        order.path("saga")
                .path("steps")
                .forEach(step -> steps.add(step.path("step").asString()));
        if (!steps.contains("CANCEL_RESERVATION")) {
            violations.add("4: cancelled order " + id + " has no CANCEL_RESERVATION step: " + steps);
        }
        if (!hasStatus(reservation, "CANCELLED")) {
            violations.add("4: cancelled order " + id + " has reservation " + describe(reservation)
                    + " (a compensated order always leaves a CANCELLED reservation or tombstone)");
        }
        if (steps.contains("AUTHORIZE_PAYMENT")) {
            if (!steps.contains("CANCEL_PAYMENT")) {
                violations.add("4: cancelled order " + id + " began AUTHORIZE_PAYMENT but has no CANCEL_PAYMENT");
            }
            if (!hasStatus(payment, "CANCELLED")) {
                violations.add("4: cancelled order " + id + " has payment " + describe(payment)
                        + " (its authorization was begun, so it must be CANCELLED or a tombstone)");
            }
        } else if (payment.status() != 404) {
            violations.add("4: cancelled order " + id + " never authorized, yet has payment " + describe(payment));
        }
        return violations;
    }

    private static boolean hasStatus(Api.Response participantRow, String status) {
        return participantRow.status() == 200
                && participantRow.json().path("status").asString().equals(status);
    }

    private static String describe(Api.Response response) {
        return response.status() + " " + response.body();
    }

    static Map<String, String> json() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return headers;
    }
}
