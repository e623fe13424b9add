package io.orderly.order.orders;

import static io.orderly.order.Callers.asAdmin;
import static io.orderly.order.Callers.asCustomer;
import static io.orderly.order.orders.OrderRequests.aValidOrder;
import static io.orderly.order.orders.OrderRequests.aValidOrderReordered;
import static io.orderly.order.orders.OrderRequests.body;
import static io.orderly.order.orders.OrderRequests.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.opentelemetry.api.trace.Span;
import io.orderly.order.Callers;
import io.orderly.order.participant.AuthorizationResult;
import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.PaymentClient;
import io.orderly.order.participant.Refusal;
import io.orderly.order.participant.ReservationResult;
import io.orderly.testsupport.TraceIds;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The whole service on its embedded database, with only the participant clients mocked: what needs
 * the saga, the idempotency store and the repositories together (an order placed and read back, a
 * replay, a reused key, paging newest first, nothing written for a refused request), with the
 * callers' tokens from the stand-in auth-service (customer c-1 unless a test says otherwise).
 */
@SpringBootTest
@AutoConfigureMockMvc
class OrderApiEndToEndTest {

    @DynamicPropertySource
    static void trustTestTokens(DynamicPropertyRegistry registry) {
        Callers.trustTestTokens(registry);
    }

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
    void theSagaIsDrivenUnderTheTraceOfTheRequestThatPlacedTheOrder() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        AtomicReference<String> traceOfTheAuthorizeCall = new AtomicReference<>();
        given(payment.authorize(anyString(), anyString(), any(), anyString())).willAnswer(call -> {
            traceOfTheAuthorizeCall.set(Span.current().getSpanContext().getTraceId());
            return new AuthorizationResult.Authorized();
        });

        mvc.perform(place("key-1", aValidOrder()).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.saga.traceId").value(traceId));

        assertThat(traceOfTheAuthorizeCall.get()).isEqualTo(traceId);
        assertThat(jdbc.queryForObject("SELECT trace_parent FROM sagas", String.class))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01");
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

        mvc.perform(place("key-1", body("c-1", line("SKU-1", 2))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/idempotency-key-reused"));

        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void listsOrdersNewestFirstAsAPagedModelFilteredByCustomerAndStatus() throws Exception {
        mvc.perform(place("k1", body("c-1", line("SKU-1", 1)))).andExpect(status().isCreated());
        mvc.perform(place("k2", body("c-1", line("SKU-2", 1)))).andExpect(status().isCreated());
        mvc.perform(asCustomer(placeRequest("k3", body("c-2", line("SKU-3", 1))), "c-2"))
                .andExpect(status().isCreated());

        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/orders"))
                        .param("customerId", "c-1")
                        .param("status", "CONFIRMED")
                        .param("size", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content.length()").value(1))
                .andExpect(jsonPath("$.content[0].items[0].sku").value("SKU-2"))
                .andExpect(jsonPath("$.content[0].saga.state").value("CONFIRMED"))
                .andExpect(jsonPath("$.page.totalElements").value(2))
                .andExpect(jsonPath("$.page.totalPages").value(2));
        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/orders")).param("status", "CANCELLED"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page.totalElements").value(0));
        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/orders")).param("customerId", "c-2"))
                .andExpect(jsonPath("$.content[0].items[0].sku").value("SKU-3"));
        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/orders")))
                .andExpect(jsonPath("$.page.totalElements").value(3));
        mvc.perform(get("/api/orders"))
                .andExpect(jsonPath("$.page.totalElements").value(2))
                .andExpect(jsonPath("$.content[*].customerId", everyItem(is("c-1"))));
        mvc.perform(asCustomer(MockMvcRequestBuilders.get("/api/orders"), "c-2"))
                .andExpect(jsonPath("$.page.totalElements").value(1));
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

    @Test
    void theSameKeyFromTwoCustomersIsTwoIndependentOrders() throws Exception {
        String first = mvc.perform(place("shared-key", body(null, line("SKU-1", 1))))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.customerId").value("c-1"))
                .andReturn()
                .getResponse()
                .getHeader("Location");
        String second = mvc.perform(asCustomer(placeRequest("shared-key", body(null, line("SKU-1", 1))), "c-2"))
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist("Idempotent-Replayed"))
                .andExpect(jsonPath("$.customerId").value("c-2"))
                .andReturn()
                .getResponse()
                .getHeader("Location");

        assertThat(second).isNotEqualTo(first);
        assertThat(count("orders")).isEqualTo(2);
        assertThat(count("idempotency_keys")).isEqualTo(2);
        // Each customer's repeat replays its own answer.
        mvc.perform(asCustomer(placeRequest("shared-key", body("c-2", line("SKU-1", 1))), "c-2"))
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("Location", second));
        mvc.perform(place("shared-key", body("c-1", line("SKU-1", 1))))
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("Location", first));
        assertThat(count("orders")).isEqualTo(2);
    }

    @Test
    void orderingForAnotherCustomerIsForbiddenAndWritesNothing() throws Exception {
        mvc.perform(place("key-1", body("c-2", line("SKU-1", 1))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/forbidden"));
        mvc.perform(asAdmin(placeRequest("key-2", body("c-2", line("SKU-1", 1)))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/forbidden"));
        mvc.perform(placeRequest("key-3", body("c-1", line("SKU-1", 1)))).andExpect(status().isUnauthorized());

        assertNothingWritten();
    }

    @Test
    void anotherCustomersOrderIsNotFoundExactlyLikeAnUnknownOrder() throws Exception {
        String location = mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getHeader("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        String unknownId = "00000000-0000-0000-0000-000000000000";

        MvcResult others = mvc.perform(asCustomer(MockMvcRequestBuilders.get(location), "c-2"))
                .andExpect(status().isNotFound())
                .andReturn();
        MvcResult unknown = mvc.perform(asCustomer(MockMvcRequestBuilders.get("/api/orders/" + unknownId), "c-2"))
                .andExpect(status().isNotFound())
                .andReturn();

        assertThat(others.getResponse().getContentType())
                .isEqualTo(unknown.getResponse().getContentType());
        assertThat(others.getResponse().getHeaderNames())
                .containsExactlyInAnyOrderElementsOf(unknown.getResponse().getHeaderNames());
        assertThat(TraceIds.masked(others.getResponse().getContentAsString()).replace(id, unknownId))
                .isEqualTo(TraceIds.masked(unknown.getResponse().getContentAsString()));
        mvc.perform(asAdmin(MockMvcRequestBuilders.get(location))).andExpect(status().isOk());
    }

    @Test
    void aRefusalsDetailIsShownToTheAdminButNotToTheCustomer() throws Exception {
        String balance = "Balance 3.00 of c-1 is below the amount 7.50";
        given(payment.authorize(anyString(), anyString(), any(), anyString()))
                .willReturn(new AuthorizationResult.Refused(Refusal.INSUFFICIENT_FUNDS, balance));

        String location = mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.failureReason").value("INSUFFICIENT_FUNDS"))
                .andExpect(jsonPath("$.saga.steps[1].step").value("AUTHORIZE_PAYMENT"))
                .andExpect(jsonPath("$.saga.steps[1].lastError").value("refused"))
                .andReturn()
                .getResponse()
                .getHeader("Location");

        mvc.perform(get(location))
                .andExpect(jsonPath("$.saga.steps[1].status").value("REFUSED"))
                .andExpect(jsonPath("$.saga.steps[1].lastError").value("refused"))
                .andExpect(content().string(not(containsString("Balance"))));
        mvc.perform(get("/api/orders")).andExpect(content().string(not(containsString("Balance"))));
        mvc.perform(asAdmin(MockMvcRequestBuilders.get(location)))
                .andExpect(jsonPath("$.saga.steps[1].lastError").value(balance));
        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/orders")))
                .andExpect(jsonPath("$.content[0].saga.steps[1].lastError").value(balance));
    }

    @Test
    void theSagaAdminEndpointsAreTheAdminsAlone() throws Exception {
        mvc.perform(get("/api/admin/sagas"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("WWW-Authenticate", containsString("insufficient_scope")))
                .andExpect(jsonPath("$.type").value("https://orderly.io/problems/forbidden"));
        mvc.perform(asCustomer(MockMvcRequestBuilders.post("/api/admin/sagas/any/retry"), "c-1"))
                .andExpect(status().isForbidden());
        mvc.perform(MockMvcRequestBuilders.get("/api/admin/sagas")).andExpect(status().isUnauthorized());
        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/admin/sagas"))).andExpect(status().isOk());
    }

    private void assertNothingWritten() {
        assertThat(count("orders")).isZero();
        assertThat(count("sagas")).isZero();
        assertThat(count("idempotency_keys")).isZero();
    }

    /** GET as customer c-1. */
    private static MockHttpServletRequestBuilder get(String uri) {
        return asCustomer(MockMvcRequestBuilders.get(uri), "c-1");
    }

    /** POST as customer c-1. */
    private static MockHttpServletRequestBuilder post(String uri) {
        return asCustomer(MockMvcRequestBuilders.post(uri), "c-1");
    }

    /** POST /api/orders as customer c-1. */
    private static MockHttpServletRequestBuilder place(String key, String json) {
        return asCustomer(placeRequest(key, json), "c-1");
    }

    /** POST /api/orders without a token. */
    private static MockHttpServletRequestBuilder placeRequest(String key, String json) {
        return MockMvcRequestBuilders.post("/api/orders")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }
}
