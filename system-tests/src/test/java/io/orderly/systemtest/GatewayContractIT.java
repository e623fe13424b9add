package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The public contract through the gateway, with every service a separate JVM on PostgreSQL:
 * products, accounts, the problem details, participant paths and management endpoints kept internal.
 */
class GatewayContractIT {

    static OrderlySystem system;
    static Api api;

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        api = system.api();
        System.out.println("Ready (s): " + system.readySeconds);
    }

    /** A product of this test's own, so that no other test's orders change what it sees. */
    private static String ownProduct(int onHand) {
        String sku = "G" + UUID.randomUUID().toString().substring(0, 8);
        new Ledger().product(api, sku, "4.75", onHand);
        return sku;
    }

    @Test
    void listsTheDemoProductsThroughTheGateway() {
        String sku = ownProduct(7);
        // A page of products sorted by SKU (a PagedModel, as the order list): walk every page.
        List<String> skus = new ArrayList<>();
        int totalPages;
        int page = 0;
        do {
            Api.Response response = api.get("/api/products?size=100&page=" + page);
            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.path("page").path("number").asInt()).isEqualTo(page);
            totalPages = body.path("page").path("totalPages").asInt();
            body.path("content").forEach(p -> skus.add(p.path("sku").asString()));
        } while (++page < totalPages);
        assertThat(skus).contains("SKU-1", "SKU-10", sku).doesNotHaveDuplicates();
        JsonNode product = api.get("/api/products/" + sku).json();
        assertThat(product.path("onHand").asInt()).isEqualTo(7);
        assertThat(product.path("reserved").asInt()).isZero();
        assertThat(product.path("available").asInt()).isEqualTo(7);
    }

    @Test
    void showsADemoAccountThroughTheGateway() {
        Api.Response response = api.get("/api/accounts/c-1");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("customerId").asString()).isEqualTo("c-1");
        assertThat(response.json().has("available")).isTrue();
    }

    @Test
    void refusesParticipantPathsWithAProblem() {
        for (String path : List.of("/reservations/o-1", "/payments/o-1")) {
            Api.Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        String sku = ownProduct(5);
        Api.Response put = api.put("/reservations/o-" + sku, Map.of("items", List.of(new Orders.Item(sku, 1))));
        assertThat(put.status()).isEqualTo(404);
        // Nothing was reserved behind the gateway's back.
        assertThat(api.get("/api/products/" + sku).json().path("reserved").asInt())
                .isZero();
    }

    @Test
    void passesServiceProblemsThroughUnchanged() {
        Api.Response unknown = api.get("/api/products/NO-SUCH-SKU");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).endsWith("/unknown-product");

        Api.Response malformed = api.post("/api/accounts", "{not json", Map.of("Content-Type", "application/json"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(malformed.body()).doesNotContain("Exception", "at io.");
    }

    @Test
    void answersUnknownPathsWithAProblem() {
        Api.Response response = api.get("/api/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).endsWith("/not-found");
    }

    @Test
    void keepsManagementEndpointsOffThePublicPortsAndHealthOnThem() {
        List<ServiceProcess> processes = new ArrayList<>(List.of(system.discovery, system.gateway));
        system.instances.values().forEach(processes::addAll);
        for (ServiceProcess p : processes) {
            // The registry asks for its credentials on every path but health, on both ports.
            boolean registry = p.module.equals("discovery-service");
            Api main = registry ? RegistryAccess.api(p.url()) : new Api(p.url());
            for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
                Api.Response health = main.get(path);
                assertThat(health.status()).as(p.name + " " + path).isEqualTo(200);
                assertThat(health.json().path("status").asString())
                        .as(p.name + " " + path)
                        .isEqualTo("UP");
            }
            for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/serviceregistry")) {
                assertThat(main.get(path).status()).as(p.name + " " + path).isEqualTo(404);
            }
            if (registry) {
                assertThat(new Api(p.url()).get("/actuator/prometheus").status())
                        .as("the registry's main port without credentials")
                        .isEqualTo(401);
            }
            Api management = registry ? RegistryAccess.api(p.managementUrl()) : new Api(p.managementUrl());
            // The registry server has no Prometheus registry: its metrics endpoint stands for the scrape.
            Api.Response managed = p.module.equals("discovery-service")
                    ? management.get("/actuator/metrics")
                    : management.getText("/actuator/prometheus");
            assertThat(managed.status()).as(p.name + " on its management port").isEqualTo(200);
        }
        // What a client sees: the gateway's own 404 problem, as for any path it does not route.
        assertThat(api.get("/actuator/prometheus").problemType()).endsWith("/not-found");
    }

    /**
     * Swagger UI at /swagger-ui.html, over the OpenAPI document of every domain service, which the
     * gateway serves without a token: each with the bearer scheme, the problem-detail body of its
     * errors, and the public product reads marked as such.
     */
    @Test
    void swaggerUiShowsEveryServicesOpenApiDocumentWithoutAToken() {
        Api anonymous = api.anonymous();
        Api.Response entry = anonymous.send(
                HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/swagger-ui.html")),
                Map.of("Accept", "text/html"));
        assertThat(entry.status()).as("/swagger-ui.html").isIn(200, 302);
        String page = entry.status() == 302 ? entry.header("Location") : "/swagger-ui.html";
        Api.Response ui = anonymous.send(
                HttpRequest.newBuilder(URI.create(system.gatewayUrl()).resolve(page)), Map.of("Accept", "text/html"));
        assertThat(ui.status()).as(page).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");

        JsonNode config = anonymous.get("/v3/api-docs/swagger-config").json();
        List<String> urls = new ArrayList<>();
        config.path("urls")
                .forEach(u ->
                        urls.add(u.path("name").asString() + " " + u.path("url").asString()));
        assertThat(urls)
                .contains(
                        "order-service /api-docs/order-service",
                        "inventory-service /api-docs/inventory-service",
                        "payment-service /api-docs/payment-service");

        Map<String, List<String>> paths = Map.of(
                "order-service", List.of("/api/orders", "/api/orders/{id}", "/api/admin/sagas"),
                "inventory-service", List.of("/api/products", "/api/products/{sku}", "/reservations/{orderId}"),
                "payment-service", List.of("/api/accounts/{customerId}", "/payments/{orderId}"));
        paths.forEach((service, expected) -> {
            Api.Response response = anonymous.get("/api-docs/" + service);
            assertThat(response.status()).as(service + "'s document").isEqualTo(200);
            JsonNode doc = response.json();
            assertThat(doc.path("info").path("title").asString()).isEqualTo("Orderly " + service);
            assertThat(doc.path("servers").path(0).path("url").asString()).isEqualTo("/");
            assertThat(doc.path("paths").propertyNames())
                    .as(service + "'s paths")
                    .containsAll(expected);
            assertThat(doc.path("components").path("securitySchemes").has("bearer"))
                    .isTrue();
            assertThat(doc.path("components").path("schemas").has("Problem")).isTrue();
        });
        JsonNode inventory = anonymous.get("/api-docs/inventory-service").json();
        JsonNode read = inventory.path("paths").path("/api/products/{sku}").path("get");
        assertThat(read.path("security").isArray() && read.path("security").isEmpty())
                .as("GET /api/products/{sku} is public")
                .isTrue();
        assertThat(read.path("responses").propertyNames())
                .contains("404", "503")
                .doesNotContain("401");
    }
}
