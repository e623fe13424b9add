package io.orderly.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test client for the inventory API over MockMvc, and the test data it needs. It calls as the
 * callers in production do: the catalogue changes with the admin's token, the participant API with
 * order-service's service token (both signed by {@link TestTokens}, so the test needs
 * {@link StandInAuthServer}); product reads carry no token.
 */
public final class InventoryClient {

    public static final TestTokens TOKENS = TestTokens.shared();

    private final MockMvcTester mvc;
    private final JsonMapper json;
    private final String adminToken = TOKENS.admin();
    private final String sagaToken = TOKENS.service("inventory.reservations");

    public InventoryClient(MockMvcTester mvc, JsonMapper json) {
        this.mvc = mvc;
        this.json = json;
    }

    /** The {@code Authorization} header value that sends this token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The admin's {@code Authorization} header value (the admin creates and restocks products). */
    public String asAdmin() {
        return bearer(adminToken);
    }

    /** order-service's {@code Authorization} header value for the participant API. */
    public String asSaga() {
        return bearer(sagaToken);
    }

    /** On-hand and reserved units of a product. */
    public record StockLevel(int onHand, int reserved) {}

    public static String uniqueSku(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String uniqueOrderId() {
        return "order-" + UUID.randomUUID();
    }

    /** {@code {"items":[{"sku":..,"quantity":..},..]}} from alternating SKUs and quantities. */
    public String items(Object... skusAndQuantities) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < skusAndQuantities.length; i += 2) {
            items.add(Map.of("sku", skusAndQuantities[i], "quantity", skusAndQuantities[i + 1]));
        }
        return json.writeValueAsString(Map.of("items", items));
    }

    /** Creates a product with a fresh SKU and returns the SKU. */
    public String createProduct(String label, String price, int onHand) {
        String sku = uniqueSku(label);
        MvcTestResult result = mvc.post()
                .uri("/api/products")
                .header(HttpHeaders.AUTHORIZATION, asAdmin())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"sku\":\"%s\",\"name\":\"Test %s\",\"price\":%s,\"onHand\":%d}"
                        .formatted(sku, label, price, onHand))
                .exchange();
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return sku;
    }

    public StockLevel stockOf(String sku) {
        MvcTestResult result = mvc.get().uri("/api/products/{sku}", sku).exchange();
        assertThat(result).hasStatusOk();
        return json.readValue(result.getResponse().getContentAsByteArray(), StockLevel.class);
    }

    public MvcTestResult reserve(String orderId, Object... skusAndQuantities) {
        return mvc.put()
                .uri("/reservations/{orderId}", orderId)
                .header(HttpHeaders.AUTHORIZATION, asSaga())
                .contentType(MediaType.APPLICATION_JSON)
                .content(items(skusAndQuantities))
                .exchange();
    }

    public MvcTestResult confirm(String orderId) {
        return mvc.post()
                .uri("/reservations/{orderId}/confirm", orderId)
                .header(HttpHeaders.AUTHORIZATION, asSaga())
                .exchange();
    }

    public MvcTestResult cancel(String orderId) {
        return mvc.post()
                .uri("/reservations/{orderId}/cancel", orderId)
                .header(HttpHeaders.AUTHORIZATION, asSaga())
                .exchange();
    }

    public MvcTestResult get(String orderId) {
        return mvc.get()
                .uri("/reservations/{orderId}", orderId)
                .header(HttpHeaders.AUTHORIZATION, asSaga())
                .exchange();
    }

    public <T> T body(MvcTestResult result, Class<T> type) {
        return json.readValue(result.getResponse().getContentAsByteArray(), type);
    }
}
