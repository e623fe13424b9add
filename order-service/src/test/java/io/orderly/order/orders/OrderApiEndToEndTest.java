package io.orderly.order.orders;

import static io.orderly.order.orders.OrderRequests.aValidOrder;
import static io.orderly.order.orders.OrderRequests.aValidOrderReordered;
import static io.orderly.order.orders.OrderRequests.body;
import static io.orderly.order.orders.OrderRequests.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.orderly.order.participant.AuthorizationResult;
import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.PaymentClient;
import io.orderly.order.participant.ReservationResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The whole service on its embedded database, with only the participant clients mocked: what needs
 * the saga, the idempotency store and the repositories together (an order placed and read back, a
 * replay, a reused key, paging newest first, nothing written for a refused request).
 */
@SpringBootTest
@AutoConfigureMockMvc
class OrderApiEndToEndTest {

    private static final BigDecimal UNIT_PRICE = new BigDecimal("2.50");

    @MockitoBean
    InventoryClient inventory;

    @MockitoBean
    PaymentClient payment;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void emptyDatabaseAndWillingParticipants() {
        for (String table : List.of("idempotency_keys", "saga_steps", "sagas", "order_lines", "orders")) {
            jdbc.update("DELETE FROM " + table);
        }
        given(inventory.reserve(anyString(), anyList())).willAnswer(call -> {
            List<InventoryClient.Item> items = call.getArgument(1);
            var lines = items.stream()
                    .map(i -> new ReservationResult.PricedLine(i.sku(), i.quantity(), UNIT_PRICE))
                    .toList();
            BigDecimal total = items.stream()
                    .map(i -> UNIT_PRICE.multiply(BigDecimal.valueOf(i.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            return new ReservationResult.Reserved(lines, total);
        });
        given(payment.authorize(anyString(), anyString(), any(), anyString()))
                .willReturn(new AuthorizationResult.Authorized());
    }

    @Test
    void placesAnOrderAndAnswers201WithLocationAndTheConfirmedOrder() throws Exception {
        MvcResult result = mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist("Idempotent-Replayed"))
                .andExpect(jsonPath("$.status").value("CONFIRMED"))
                .andExpect(jsonPath("$.customerId").value("c-1"))
                .andExpect(jsonPath("$.currency").value("EUR"))
                .andExpect(jsonPath("$.total").value(7.50))
                .andExpect(jsonPath("$.failureReason").isEmpty())
                .andExpect(jsonPath("$.items[0].sku").value("SKU-1"))
                .andExpect(jsonPath("$.items[0].unitPrice").value(2.50))
                .andExpect(jsonPath("$.saga.state").value("CONFIRMED"))
                .andExpect(jsonPath("$.saga.steps[*].step")
                        .value(contains("RESERVE_STOCK", "AUTHORIZE_PAYMENT", "CONFIRM_STOCK", "CAPTURE_PAYMENT")))
                .andReturn();
        String location = result.getResponse().getHeader("Location");
        assertThat(location).matches("/api/orders/[0-9a-f-]{36}");

        mvc.perform(get(location))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CONFIRMED"))
                .andExpect(jsonPath("$.saga.steps[0].attempts").value(1));
    }

    @Test
    void theSameKeyWithTheSameBodyReplaysTheFirstAnswer() throws Exception {
        MvcResult first = mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isCreated())
                .andReturn();

        mvc.perform(place("key-1", aValidOrderReordered()))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("Location", first.getResponse().getHeader("Location")))
                .andExpect(content().json(first.getResponse().getContentAsString(), JsonCompareMode.STRICT));

        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedWith422() throws Exception {
        mvc.perform(place("key-1", aValidOrder())).andExpect(status().isCreated());

        mvc.perform(place("key-1", body("c-2", line("SKU-1", 2))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/idempotency-key-reused"));

        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void listsOrdersNewestFirstAsAPagedModelFilteredByCustomerAndStatus() throws Exception {
        mvc.perform(place("k1", body("c-1", line("SKU-1", 1)))).andExpect(status().isCreated());
        mvc.perform(place("k2", body("c-1", line("SKU-2", 1)))).andExpect(status().isCreated());
        mvc.perform(place("k3", body("c-2", line("SKU-3", 1)))).andExpect(status().isCreated());

        mvc.perform(get("/api/orders")
                        .param("customerId", "c-1")
                        .param("status", "CONFIRMED")
                        .param("size", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content.length()").value(1))
                .andExpect(jsonPath("$.content[0].items[0].sku").value("SKU-2"))
                .andExpect(jsonPath("$.content[0].saga.state").value("CONFIRMED"))
                .andExpect(jsonPath("$.page.totalElements").value(2))
                .andExpect(jsonPath("$.page.totalPages").value(2));
        mvc.perform(get("/api/orders").param("status", "CANCELLED"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page.totalElements").value(0));
        mvc.perform(get("/api/orders").param("customerId", "c-2"))
                .andExpect(jsonPath("$.content[0].items[0].sku").value("SKU-3"));
    }

    @Test
    void theLastPageAllowedIsAnsweredOnTheDatabaseAndOneMoreIsABadRequest() throws Exception {
        mvc.perform(place("k1", body("c-1", line("SKU-1", 1)))).andExpect(status().isCreated());

        mvc.perform(get("/api/orders").param("page", "1000000").param("size", "100"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content.length()").value(0))
                .andExpect(jsonPath("$.page.totalElements").value(1));
        mvc.perform(get("/api/orders").param("page", "2147483647").param("size", "100"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/validation-failed"));
    }

    @Test
    void aRefusedRequestWritesNothing() throws Exception {
        mvc.perform(place("key-1", body("c 1", line("SKU-1", 1)))).andExpect(status().isBadRequest());
        mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(aValidOrder()))
                .andExpect(status().isBadRequest());

        assertThat(count("orders")).isZero();
        assertThat(count("sagas")).isZero();
        assertThat(count("idempotency_keys")).isZero();
    }

    @Test
    void theDearestOrderTheLimitsAllowFitsTheTotalColumnAndConfirms() throws Exception {
        // 50 lines x 1000 units at inventory's highest price, 199999.99: 9999999500.00.
        BigDecimal dearest = new BigDecimal("199999.99");
        given(inventory.reserve(anyString(), anyList())).willAnswer(call -> {
            List<InventoryClient.Item> items = call.getArgument(1);
            var lines = items.stream()
                    .map(i -> new ReservationResult.PricedLine(i.sku(), i.quantity(), dearest))
                    .toList();
            return new ReservationResult.Reserved(lines, dearest.multiply(new BigDecimal(50 * 1000)));
        });
        @SuppressWarnings("unchecked")
        Map<String, Object>[] lines = IntStream.rangeClosed(1, 50)
                .mapToObj(i -> line("SKU-" + i, 1000))
                .toArray(Map[]::new);

        mvc.perform(place("key-1", body("c-1", lines)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("CONFIRMED"))
                .andExpect(jsonPath("$.total").value(9999999500.00));
        assertThat(jdbc.queryForObject("SELECT total FROM orders", BigDecimal.class))
                .isEqualByComparingTo("9999999500.00");
    }

    @Test
    void aFractionalQuantityIsAMalformedRequestNotATruncatedOrderAndWritesNothing() throws Exception {
        mvc.perform(place("key-1", body("c-1", line("SKU-1", 2.9))))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/malformed-request"));

        assertNothingWritten();
    }

    @Test
    void aKeyNamedTwiceIsAMalformedRequestAndWritesNothing() throws Exception {
        String twice = "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"quantity\":1000}]}";
        mvc.perform(place("key-1", twice))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/malformed-request"));
        mvc.perform(place("key-2", "{\"customerId\":\"c-1\",\"customerId\":\"c-2\",\"items\":[]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/malformed-request"));

        assertNothingWritten();
    }

    private void assertNothingWritten() {
        assertThat(count("orders")).isZero();
        assertThat(count("sagas")).isZero();
        assertThat(count("idempotency_keys")).isZero();
    }

    private static MockHttpServletRequestBuilder place(String key, String json) {
        return post("/api/orders")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }
}
