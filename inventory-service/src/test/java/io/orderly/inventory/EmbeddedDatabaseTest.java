package io.orderly.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.inventory.InventoryClient.StockLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo mode: with nothing configured the service runs on the embedded H2, and the product
 * API and a whole reserve-confirm-cancel cycle work there too (locking queries included).
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(StandInAuthServer.class)
class EmbeddedDatabaseTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Test
    void productsAreListedInPagesSortedBySkuWithTheirAvailability() {
        InventoryClient inventory = new InventoryClient(mvc, json);
        String sku = inventory.createProduct("AAA", "3.10", 7);

        // Other tests add products to this database too: walk every page.
        List<String> skus = new ArrayList<>();
        int totalPages;
        int page = 0;
        do {
            MvcTestResult result =
                    mvc.get().uri("/api/products?page={page}&size=7", page).exchange();
            assertThat(result).hasStatusOk();
            JsonNode body = json.readTree(result.getResponse().getContentAsByteArray());
            assertThat(body.path("page").path("size").asInt()).isEqualTo(7);
            assertThat(body.path("page").path("number").asInt()).isEqualTo(page);
            totalPages = body.path("page").path("totalPages").asInt();
            body.path("content").forEach(p -> skus.add(p.path("sku").asString()));
        } while (++page < totalPages);

        assertThat(skus)
                .contains("SKU-1", "SKU-10", sku)
                .doesNotHaveDuplicates()
                .isSorted();
        assertThat(mvc.get().uri("/api/products"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.page.size")
                .isEqualTo(100);
        assertThat(mvc.get().uri("/api/products/{sku}", sku))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"sku":"%s","name":"Test AAA","price":3.10,"onHand":7,"reserved":0,"available":7}""".formatted(sku));
    }

    @Test
    void aReservationIsReservedConfirmedAndAnotherCancelledOnTheEmbeddedDatabase() {
        InventoryClient inventory = new InventoryClient(mvc, json);
        String lamp = inventory.createProduct("lamp", "12.50", 10);
        String desk = inventory.createProduct("desk", "99.99", 3);
        String confirmed = InventoryClient.uniqueOrderId();
        String cancelled = InventoryClient.uniqueOrderId();

        assertThat(inventory.reserve(confirmed, lamp, 2, desk, 1)).hasStatus(HttpStatus.CREATED);
        assertThat(inventory.reserve(cancelled, desk, 2)).hasStatus(HttpStatus.CREATED);
        assertThat(inventory.reserve(confirmed, desk, 1, lamp, 2)).hasStatusOk();
        assertThat(inventory.confirm(confirmed)).hasStatusOk();
        assertThat(inventory.cancel(cancelled)).hasStatusOk();
        assertThat(inventory.cancel(InventoryClient.uniqueOrderId())).hasStatusOk();

        assertThat(List.of(inventory.stockOf(lamp), inventory.stockOf(desk)))
                .containsExactly(new StockLevel(8, 0), new StockLevel(2, 0));
    }
}
