package io.orderly.inventory;

import static io.orderly.inventory.ProblemAssertions.assertProblem;
import static io.orderly.inventory.ProblemAssertions.assertValidationProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every refused request gets a problem detail with its stable slug, and writes nothing: after each
 * test the whole database must be as it was before the request.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(StandInAuthServer.class)
class InventoryApiRefusalsTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    InventoryClient inventory;
    String lamp;
    String desk;
    String orderId = InventoryClient.uniqueOrderId();
    DatabaseSnapshot before;

    @BeforeEach
    void createProductsAndTakeASnapshot() {
        inventory = new InventoryClient(mvc, json);
        lamp = inventory.createProduct("lamp", "12.50", 10);
        desk = inventory.createProduct("desk", "99.99", 3);
        before = DatabaseSnapshot.of(jdbc);
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
    }

    private MvcTestResult put(String contentType, String body) {
        return mvc.put()
                .uri("/reservations/{orderId}", orderId)
                .header(HttpHeaders.AUTHORIZATION, inventory.asSaga())
                .contentType(contentType)
                .content(body)
                .exchange();
    }

    @Test
    void aPathTheFirewallRefusesIsA400ProblemThatDoesNotEchoIt() {
        // StrictHttpFirewall refuses a semicolon (path parameters) before any filter or controller.
        MvcTestResult result = mvc.put()
                .uri("/reservations/{orderId};evil=<script>", orderId)
                .header(HttpHeaders.AUTHORIZATION, inventory.asSaga())
                .contentType("application/json")
                .content("{\"items\":[{\"sku\":\"" + lamp + "\",\"quantity\":1}]}")
                .exchange();
        assertProblem(result, 400, "bad-request");
        assertThat(result).bodyText().doesNotContain("script", "evil");
    }

    @Test
    void malformedJsonIsAMalformedRequest() {
        assertProblem(put("application/json", "{\"items\": [{\"sku\": \"" + lamp + "\", "), 400, "malformed-request");
    }

    @Test
    void aFractionalQuantityIsAMalformedRequestNotATruncation() {
        assertProblem(
                put("application/json", "{\"items\":[{\"sku\":\"" + lamp + "\",\"quantity\":2.5}]}"),
                400,
                "malformed-request");
    }

    @Test
    void aKeyNamedTwiceIsAMalformedRequestNotTheLastValue() {
        assertProblem(
                put("application/json", "{\"items\":[{\"sku\":\"" + lamp + "\",\"quantity\":1,\"quantity\":10}]}"),
                400,
                "malformed-request");
        assertProblem(
                mvc.post()
                        .uri("/api/products/{sku}/restock", lamp)
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":1,\"quantity\":5}")
                        .exchange(),
                400,
                "malformed-request");
    }

    @Test
    void aQuantityOfTheWrongTypeIsAMalformedRequest() {
        assertProblem(
                put("application/json", "{\"items\":[{\"sku\":\"" + lamp + "\",\"quantity\":\"two\"}]}"),
                400,
                "malformed-request");
    }

    @Test
    void aMissingBodyIsAMalformedRequest() {
        assertProblem(put("application/json", ""), 400, "malformed-request");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        assertProblem(put("text/plain", inventory.items(lamp, 1)), 415, "unsupported-media-type");
    }

    @Test
    void missingItemsAreAValidationError() {
        assertValidationProblem(put("application/json", "{}"), "items");
    }

    @Test
    void anEmptyItemListIsAValidationError() {
        assertValidationProblem(put("application/json", "{\"items\":[]}"), "items");
    }

    @Test
    void moreThanFiftyItemsAreAValidationError() {
        Object[] items = new Object[2 * 51];
        for (int i = 0; i < 51; i++) {
            items[2 * i] = "SKU-X" + i;
            items[2 * i + 1] = 1;
        }
        assertValidationProblem(put("application/json", inventory.items(items)), "items");
    }

    @Test
    void quantitiesOutOfRangeAreValidationErrorsNamingTheLine() {
        assertValidationProblem(
                inventory.reserve(orderId, lamp, 0, desk, 1001), "items[0].quantity", "items[1].quantity");
    }

    @Test
    void aMissingSkuOrQuantityIsAValidationError() {
        assertValidationProblem(
                put("application/json", "{\"items\":[{\"quantity\":1},{\"sku\":\"" + lamp + "\"}]}"),
                "items[0].sku",
                "items[1].quantity");
    }

    @Test
    void aSkuWithForbiddenCharactersIsAValidationError() {
        assertValidationProblem(inventory.reserve(orderId, "SKU 1;", 1), "items[0].sku");
    }

    @Test
    void aSkuListedTwiceIsAValidationError() {
        assertValidationProblem(inventory.reserve(orderId, lamp, 1, desk, 1, lamp, 2), "items");
    }

    @Test
    void anOrderIdWithForbiddenCharactersIsAValidationError() {
        assertValidationProblem(inventory.reserve("order_1!", lamp, 1), "orderId");
        assertValidationProblem(inventory.cancel("order_1!"), "orderId");
    }

    @Test
    void anOrderIdLongerThan64CharactersIsAValidationError() {
        assertValidationProblem(inventory.reserve("o".repeat(65), lamp, 1), "orderId");
        assertValidationProblem(inventory.cancel("o".repeat(65)), "orderId");
    }

    @Test
    void anUnknownSkuOnAnyLineReservesNothing() {
        MvcTestResult result = inventory.reserve(orderId, lamp, 1, desk, 1, "NO-SUCH-SKU", 1);

        assertProblem(result, 404, "unknown-product");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("NO-SUCH-SKU");
        assertProblem(inventory.get(orderId), 404, "reservation-not-found");
    }

    @Test
    void insufficientStockOnAnyLineReservesNothing() {
        assertProblem(inventory.reserve(orderId, lamp, 1, desk, 4), 409, "insufficient-stock");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        String padding = "x".repeat(70 * 1024);
        assertProblem(
                put(
                        "application/json",
                        "{\"items\":[{\"sku\":\"" + lamp + "\",\"quantity\":1}],\"pad\":\"" + padding + "\"}"),
                413,
                "payload-too-large");
    }

    @Test
    void anUnsupportedMethodIsMethodNotAllowed() {
        assertProblem(
                mvc.delete()
                        .uri("/reservations/{orderId}", orderId)
                        .header(HttpHeaders.AUTHORIZATION, inventory.asSaga())
                        .exchange(),
                405,
                "method-not-allowed");
        assertProblem(
                mvc.delete()
                        .uri("/api/products/{sku}", lamp)
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .exchange(),
                405,
                "method-not-allowed");
    }

    @Test
    void anUnknownPathIsANotFoundProblem() {
        assertProblem(
                mvc.get()
                        .uri("/no/such/path")
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .exchange(),
                404,
                "not-found");
        assertProblem(
                mvc.post()
                        .uri("/reservations/{orderId}/refund", orderId)
                        .header(HttpHeaders.AUTHORIZATION, inventory.asSaga())
                        .exchange(),
                404,
                "not-found");
    }

    @Test
    void confirmOrReadOfAnUnknownOrderIsReservationNotFound() {
        assertProblem(inventory.confirm(orderId), 404, "reservation-not-found");
        assertProblem(inventory.get(orderId), 404, "reservation-not-found");
    }

    @Test
    void anUnknownProductIsNotFoundOnReadAndRestock() {
        assertProblem(mvc.get().uri("/api/products/NO-SUCH-SKU").exchange(), 404, "unknown-product");
        assertProblem(
                mvc.post()
                        .uri("/api/products/NO-SUCH-SKU/restock")
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":5}")
                        .exchange(),
                404,
                "unknown-product");
    }

    @Test
    void aTakenSkuIsRefusedAsProductExists() {
        assertProblem(
                mvc.post()
                        .uri("/api/products")
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"%s\",\"name\":\"Other\",\"price\":1.00,\"onHand\":1}".formatted(lamp))
                        .exchange(),
                409,
                "product-exists");
    }

    @Test
    void anInvalidProductIsAValidationErrorNamingEachField() {
        assertValidationProblem(
                mvc.post()
                        .uri("/api/products")
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"bad sku\",\"name\":\"\",\"price\":1.005,\"onHand\":-1}")
                        .exchange(),
                "sku",
                "name",
                "price",
                "onHand");
        assertValidationProblem(
                mvc.post()
                        .uri("/api/products")
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"OK-1\",\"name\":\"Free\",\"price\":0.00,\"onHand\":1}")
                        .exchange(),
                "price");
        assertValidationProblem(
                mvc.post()
                        .uri("/api/products")
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}")
                        .exchange(),
                "sku",
                "name",
                "price",
                "onHand");
    }

    @Test
    void aPriceThatCouldTakeAnOrderPastItsTotalColumnIsAValidationError() {
        assertValidationProblem(
                mvc.post()
                        .uri("/api/products")
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"DEAR-1\",\"name\":\"Dear\",\"price\":200000.00,\"onHand\":50000}")
                        .exchange(),
                "price");
        assertValidationProblem(
                mvc.post()
                        .uri("/api/products")
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"DEAR-1\",\"name\":\"Dear\",\"price\":1000000.00,\"onHand\":50000}")
                        .exchange(),
                "price");
    }

    @Test
    void aRestockThatWouldOverflowOnHandIsAStockLimitConflict() {
        jdbc.update("UPDATE product SET on_hand = ? WHERE sku = ?", Integer.MAX_VALUE - 10, lamp);
        before = DatabaseSnapshot.of(jdbc);

        MvcTestResult result = mvc.post()
                .uri("/api/products/{sku}/restock", lamp)
                .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"quantity\":11}")
                .exchange();

        assertProblem(result, 409, "stock-limit-exceeded");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(lamp);
    }

    @Test
    void aRestockQuantityBeyondIntIsAMalformedRequest() {
        for (String quantity : new String[] {"2147483648", "3000000000", "1e10"}) {
            assertProblem(
                    mvc.post()
                            .uri("/api/products/{sku}/restock", lamp)
                            .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"quantity\":" + quantity + "}")
                            .exchange(),
                    400,
                    "malformed-request");
        }
    }

    @Test
    void aProductPageOrSizeOutOfBoundsIsAValidationError() {
        assertValidationProblem(mvc.get().uri("/api/products?page=2147483647").exchange(), "page");
        assertValidationProblem(
                mvc.get().uri("/api/products?page=1000001&size=100").exchange(), "page");
        assertValidationProblem(mvc.get().uri("/api/products?page=-1").exchange(), "page");
        assertValidationProblem(mvc.get().uri("/api/products?size=0").exchange(), "size");
        assertValidationProblem(mvc.get().uri("/api/products?size=101").exchange(), "size");
        assertProblem(mvc.get().uri("/api/products?page=2147483648").exchange(), 400, "invalid-parameter");
    }

    @Test
    void theLastProductPageAllowedIsAnEmptyPage() {
        assertThat(mvc.get().uri("/api/products?page=1000000&size=100"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.content")
                .asArray()
                .isEmpty();
    }

    @Test
    void aRestockOutOfRangeIsAValidationError() {
        assertValidationProblem(
                mvc.post()
                        .uri("/api/products/{sku}/restock", lamp)
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":0}")
                        .exchange(),
                "quantity");
        assertValidationProblem(
                mvc.post()
                        .uri("/api/products/{sku}/restock", lamp)
                        .header(HttpHeaders.AUTHORIZATION, inventory.asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":1000001}")
                        .exchange(),
                "quantity");
    }
}
