package io.orderly.order.orders;

import static io.orderly.order.orders.OrderRequests.aValidOrder;
import static io.orderly.order.orders.OrderRequests.body;
import static io.orderly.order.orders.OrderRequests.line;
import static io.orderly.order.orders.OrderRequests.repeat;
import static io.orderly.order.orders.OrderRequests.withLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The order API on the embedded database with the participants mocked: every validation rule and
 * every malformed request answers a problem detail and creates nothing; keys replay and conflict.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OrderControllerTest {

    private static final String PROBLEMS = "https://orderly.io/problems/";

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
                    .map(i -> new ReservationResult.PricedLine(i.sku(), i.quantity(), new BigDecimal("2.50")))
                    .toList();
            BigDecimal total = items.stream()
                    .map(i -> new BigDecimal("2.50").multiply(BigDecimal.valueOf(i.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            return new ReservationResult.Reserved(lines, total);
        });
        given(payment.authorize(anyString(), anyString(), any(), anyString()))
                .willReturn(new AuthorizationResult.Authorized());
    }

    static List<Arguments> invalidBodies() {
        return List.of(
                Arguments.of("no customerId", body(null, line("SKU-1", 1)), "customerId"),
                Arguments.of("customerId with a space", body("c 1", line("SKU-1", 1)), "customerId"),
                Arguments.of("customerId of 65 characters", body(repeat('c', 65), line("SKU-1", 1)), "customerId"),
                Arguments.of("no items", "{\"customerId\":\"c-1\"}", "items"),
                Arguments.of("empty items", body("c-1"), "items"),
                Arguments.of("51 lines", withLines(51), "items"),
                Arguments.of("quantity 0", body("c-1", line("SKU-1", 0)), "items[0].quantity"),
                Arguments.of("quantity 1001", body("c-1", line("SKU-1", 1001)), "items[0].quantity"),
                Arguments.of("no quantity", body("c-1", "{\"sku\":\"SKU-1\"}"), "items[0].quantity"),
                Arguments.of("no sku", body("c-1", "{\"quantity\":1}"), "items[0].sku"),
                Arguments.of("sku with a slash", body("c-1", line("SKU/1", 1)), "items[0].sku"),
                Arguments.of("a SKU twice", body("c-1", line("SKU-1", 1), line("SKU-1", 2)), "items"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void anInvalidBodyIsAValidationProblemAndCreatesNothing(String why, String json, String field) throws Exception {
        mvc.perform(place("key-1", json))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"))
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)));

        assertNothingCreated();
    }

    @Test
    void fiftyDistinctLinesAreAccepted() throws Exception {
        mvc.perform(place("key-50", withLines(50))).andExpect(status().isCreated());
    }

    @Test
    void malformedJsonIsAMalformedRequestProblemAndCreatesNothing() throws Exception {
        mvc.perform(place("key-1", "{\"customerId\":\"c-1\",\"items\":["))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-request"));
        mvc.perform(place("key-1", body("c-1", line("SKU-1", "\"two\""))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-request"));

        assertNothingCreated();
    }

    @Test
    void aMissingIdempotencyKeyIsAMissingHeaderProblemAndCreatesNothing() throws Exception {
        mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(aValidOrder()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "missing-header"));

        assertNothingCreated();
    }

    static List<Arguments> invalidKeys() {
        return List.of(
                Arguments.of("empty", ""),
                Arguments.of("256 characters", repeat('k', 256)),
                Arguments.of("a control character", "key\u0007"),
                Arguments.of("non-ASCII", "clé"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidKeys")
    void anInvalidIdempotencyKeyIsAValidationProblemAndCreatesNothing(String why, String key) throws Exception {
        mvc.perform(place(key, aValidOrder()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("idempotencyKey")));

        assertNothingCreated();
    }

    @Test
    void aKeyOf255PrintableCharactersIsAccepted() throws Exception {
        mvc.perform(place(repeat('~', 254) + " ", aValidOrder())).andExpect(status().isCreated());
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
                        .value(org.hamcrest.Matchers.contains(
                                "RESERVE_STOCK", "AUTHORIZE_PAYMENT", "CONFIRM_STOCK", "CAPTURE_PAYMENT")))
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

        mvc.perform(place("key-1", body("c-1", line("SKU-2", 1), line("SKU-1", 2))))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("Location", first.getResponse().getHeader("Location")))
                .andExpect(content()
                        .json(
                                first.getResponse().getContentAsString(),
                                org.springframework.test.json.JsonCompareMode.STRICT));

        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedWith422() throws Exception {
        mvc.perform(place("key-1", aValidOrder())).andExpect(status().isCreated());

        mvc.perform(place("key-1", body("c-2", line("SKU-1", 2))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "idempotency-key-reused"));

        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void anUnknownOrderIsAnOrderNotFoundProblem() throws Exception {
        mvc.perform(get("/api/orders/nope"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "order-not-found"));
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
                .andExpect(jsonPath("$.page.size").value(1))
                .andExpect(jsonPath("$.page.number").value(0))
                .andExpect(jsonPath("$.page.totalElements").value(2))
                .andExpect(jsonPath("$.page.totalPages").value(2));
        mvc.perform(get("/api/orders").param("status", "CANCELLED"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page.totalElements").value(0))
                .andExpect(jsonPath("$.page.size").value(20));
    }

    @Test
    void aBadStatusOrPageSizeIsABadRequestProblem() throws Exception {
        mvc.perform(get("/api/orders").param("status", "SHIPPED"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-parameter"));
        mvc.perform(get("/api/orders").param("size", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"));
        mvc.perform(get("/api/orders").param("size", "101"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"));
    }

    private static MockHttpServletRequestBuilder place(String key, String json) {
        return post("/api/orders")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    private void assertNothingCreated() {
        assertThat(count("orders")).isZero();
        assertThat(count("sagas")).isZero();
        assertThat(count("idempotency_keys")).isZero();
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }
}
