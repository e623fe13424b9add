package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One order is one trace in a real Zipkin server: the gateway, order-service and both participants
 * report spans of it, also for the saga steps that run after the request was answered, on another
 * instance, through the recovery worker; and a problem detail names the trace of its request.
 */
class TracingIT {

    static final List<String> SERVICES =
            List.of("gateway-service", "order-service", "inventory-service", "payment-service");
    static final Duration EXPORTED = Duration.ofSeconds(60);

    static OrderlySystem system;
    static Api api;

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        api = system.api();
    }

    @Test
    void oneOrderIsOneTraceWithSpansOfTheGatewayAndEveryServiceItCrossed() {
        Ledger.Shop shop = new Ledger().shop(api, "T", "3.00", 10, "100.00");

        Api.Response placed = OrderClient.placeTracked(
                        api, "trace-" + shop.sku(), Orders.of(shop.customer(), shop.sku(), 2))
                .response();
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String traceId = placed.json().path("saga").path("traceId").asString();
        assertThat(traceId).as(placed.body()).matches("[0-9a-f]{32}");

        JsonNode spans = awaitTrace(
                traceId,
                trace -> services(trace).containsAll(SERVICES)
                        && !named(trace, "saga drive").isEmpty());
        System.out.printf(
                "TracingIT: order %s is trace %s: %d spans from %s%n",
                placed.json().path("id").asString(), traceId, spans.size(), services(spans));
        assertThat(spans.valueStream().map(s -> s.path("traceId").asString())).containsOnly(traceId);
    }

    @Test
    void aProblemNamesTheTraceOfItsRequestAndThatTraceReachedTheService() {
        String customer = Tokens.newCustomer();
        Api.Response refused = api.as(customer)
                .post(
                        "/api/orders",
                        Map.of("customerId", customer, "items", List.of()),
                        OrderClient.headers("p-" + customer));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        String traceId = refused.json().path("traceId").asString();
        assertThat(traceId).as(refused.body()).matches("[0-9a-f]{32}");
        awaitTrace(traceId, trace -> services(trace).containsAll(List.of("gateway-service", "order-service")));

        Api.Response unrouted = api.get("/api/no-such-thing");
        assertThat(unrouted.status()).isEqualTo(404);
        assertThat(unrouted.json().path("traceId").asString())
                .as(unrouted.body())
                .matches("[0-9a-f]{32}");
    }

    /**
     * The order is placed on one order-service instance while payment-service is frozen (SIGSTOP), so
     * its saga is deferred after the reservation; that instance is killed, payment-service thaws, and
     * the other instance's recovery worker finishes the saga: its drive, with payment-service's spans
     * under it, is in the trace the client started.
     */
    @Test
    void aSagaResumedByTheRecoveryWorkerOfAnotherInstanceStaysInTheOrdersTrace() {
        List<ServiceProcess> orders = system.instances.get("order-service");
        system.addInstance("order-service", orders.size() + 10);
        ServiceProcess first = orders.getFirst();
        Ledger.Shop shop = new Ledger().shop(api, "R", "4.00", 10, "100.00");
        String customer = shop.customer();

        String traceId = randomHex(32);
        Map<String, String> headers = OrderClient.headers("resume-" + shop.sku());
        headers.put("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01");
        ServiceProcess payment = system.instances.get("payment-service").getFirst();
        Api.Response placed;
        payment.pause();
        try {
            placed = system.api(first.url())
                    .as(customer)
                    .post("/api/orders", Orders.of(customer, shop.sku(), 1), headers);
            assertThat(placed.status()).as(placed.body()).isEqualTo(202);
            // A killed process sends no more spans: its drive (deferred, payment-service does not
            // answer) is waited for in Zipkin first.
            awaitTrace(traceId, trace -> !named(trace, "saga drive").isEmpty());
            first.kill();
            orders.remove(first);
        } finally {
            payment.resume();
        }
        String orderId = placed.json().path("id").asString();
        assertThat(placed.json().path("saga").path("traceId").asString()).isEqualTo(traceId);

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(api.get("/api/orders/" + orderId)
                                .json()
                                .path("status")
                                .asString())
                        .isEqualTo("CONFIRMED"));

        JsonNode spans = awaitTrace(
                traceId,
                trace -> ownersOfDrives(trace).size() >= 2 && services(trace).contains("payment-service"));
        Map<String, JsonNode> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.path("id").asString(), s));
        String firstOwner = named(spans, "saga drive")
                .getFirst()
                .path("tags")
                .path("orderly.saga.owner")
                .asString();
        Set<String> resumedElsewhere = new TreeSet<>();
        named(spans, "saga resume").stream()
                .filter(s ->
                        !s.path("tags").path("orderly.saga.owner").asString().equals(firstOwner))
                .forEach(s -> resumedElsewhere.add(s.path("id").asString()));
        assertThat(resumedElsewhere)
                .as("a drive by another instance than %s", firstOwner)
                .isNotEmpty();
        assertThat(spans.valueStream()
                        .filter(s -> "payment-service"
                                .equals(s.path("localEndpoint")
                                        .path("serviceName")
                                        .asString()))
                        .filter(s -> descendsFrom(s, resumedElsewhere, byId)))
                .as("payment-service spans under the other instance's drive")
                .isNotEmpty();
        System.out.printf(
                "TracingIT: order %s resumed by another instance: trace %s has %d spans from %s, drives by %s%n",
                orderId, traceId, spans.size(), services(spans), ownersOfDrives(spans));
    }

    private static JsonNode awaitTrace(String traceId, Predicate<JsonNode> complete) {
        ZipkinServer zipkin = system.zipkin;
        AtomicReference<JsonNode> last = new AtomicReference<>(Api.JSON.createArrayNode());
        try {
            await().atMost(EXPORTED).pollInterval(Duration.ofSeconds(1)).until(() -> {
                last.set(zipkin.trace(traceId));
                return complete.test(last.get());
            });
        } catch (ConditionTimeoutException e) {
            List<String> seen = last.get()
                    .valueStream()
                    .map(s -> s.path("localEndpoint").path("serviceName").asString() + ": "
                            + s.path("name").asString() + " "
                            + s.path("tags").path("orderly.saga.owner").asString())
                    .toList();
            throw new AssertionError(
                    "Trace " + traceId + " not complete in Zipkin after " + EXPORTED + "; it holds " + seen.size()
                            + " spans: " + seen,
                    e);
        }
        return last.get();
    }

    static Set<String> services(JsonNode spans) {
        Set<String> names = new TreeSet<>();
        spans.forEach(s -> names.add(s.path("localEndpoint").path("serviceName").asString()));
        return names;
    }

    static List<JsonNode> named(JsonNode spans, String name) {
        return spans.valueStream()
                .filter(s -> name.equals(s.path("name").asString()))
                .toList();
    }

    static Set<String> ownersOfDrives(JsonNode spans) {
        Set<String> owners = new TreeSet<>();
        spans.forEach(s -> {
            String owner = s.path("tags").path("orderly.saga.owner").asString();
            if (!owner.isEmpty()) {
                owners.add(owner);
            }
        });
        return owners;
    }

    private static boolean descendsFrom(JsonNode span, Set<String> ancestors, Map<String, JsonNode> byId) {
        JsonNode at = span;
        for (int hops = 0; at != null && hops < 64; hops++) {
            String parent = at.path("parentId").asString();
            if (ancestors.contains(parent)) {
                return true;
            }
            at = byId.get(parent);
        }
        return false;
    }

    private static String randomHex(int digits) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < digits) {
            hex.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        }
        return hex.substring(0, digits);
    }
}
