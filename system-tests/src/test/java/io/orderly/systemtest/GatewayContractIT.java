package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The public contract through the gateway, with every service a separate JVM on PostgreSQL:
 * products, accounts, the problem details, and participant paths kept internal.
 */
class GatewayContractIT {

    static OrderlySystem system;
    static Api api;

    @BeforeAll
    static void start() {
        system = OrderlySystem.shared();
        api = new Api(system.gatewayUrl());
        System.out.println("Ready (s): " + system.readySeconds);
    }

    @Test
    void listsTheDemoProductsThroughTheGateway() {
        Api.Response response = api.get("/api/products");
        assertThat(response.status()).isEqualTo(200);
        List<String> skus =
                response.json().valueStream().map(p -> p.path("sku").asString()).toList();
        assertThat(skus).contains("SKU-1", "SKU-10");
        JsonNode sku1 = api.get("/api/products/SKU-1").json();
        assertThat(sku1.path("available").asInt())
                .isEqualTo(sku1.path("onHand").asInt() - sku1.path("reserved").asInt());
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
        Api.Response put =
                api.put("/reservations/o-1", Map.of("items", List.of(Map.of("sku", "SKU-1", "quantity", 1))));
        assertThat(put.status()).isEqualTo(404);
        // Nothing was reserved behind the gateway's back.
        assertThat(api.get("/api/products/SKU-1").json().path("reserved").asInt())
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
}
