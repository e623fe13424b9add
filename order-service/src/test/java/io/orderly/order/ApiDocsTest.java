package io.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** order-service's OpenAPI document: public, served on the main port, with the shared security scheme and problem bodies. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocsTest {

    @DynamicPropertySource
    static void trustTestTokens(DynamicPropertyRegistry registry) {
        Callers.trustTestTokens(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void describesTheOrderAndSagaAdminApiWithoutAToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JsonMapper.builder().build().readTree(response.body());
        assertThat(doc.path("info").path("title").asString()).isEqualTo("Orderly order-service");
        assertThat(doc.path("servers").path(0).path("url").asString()).isEqualTo("/");
        assertThat(doc.path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(doc.path("security").path(0).has("bearer")).isTrue();
        assertThat(doc.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("properties")
                        .propertyNames())
                .contains("type", "title", "status", "detail", "instance");
        assertThat(doc.path("paths").propertyNames())
                .contains(
                        "/api/orders",
                        "/api/orders/{id}",
                        "/api/admin/sagas",
                        "/api/admin/sagas/{orderId}/retry",
                        "/api/admin/sagas/{orderId}/compensate")
                .doesNotContain("/error", "/actuator/health");
        JsonNode create = doc.path("paths").path("/api/orders").path("post");
        assertThat(create.path("responses").propertyNames()).contains("400", "401", "403", "429", "503");
        assertThat(create.path("responses")
                        .path("503")
                        .path("content")
                        .path("application/problem+json")
                        .path("schema")
                        .path("$ref")
                        .asString())
                .isEqualTo("#/components/schemas/Problem");
    }
}
