package io.orderly.order.orders;

import static io.orderly.order.Callers.TOKENS;
import static io.orderly.order.Callers.asAdmin;
import static io.orderly.order.Callers.asCustomer;
import static io.orderly.order.Callers.bearer;
import static io.orderly.order.orders.OrderRequests.aValidOrder;
import static io.orderly.order.orders.OrderRequests.body;
import static io.orderly.order.orders.OrderRequests.bodyWithoutItems;
import static io.orderly.order.orders.OrderRequests.line;
import static io.orderly.order.orders.OrderRequests.repeat;
import static io.orderly.order.orders.OrderRequests.withLines;
import static io.orderly.order.orders.Orders.aCancelledOrder;
import static io.orderly.order.orders.Orders.aConfirmedOrder;
import static io.orderly.order.orders.Orders.aPendingOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.orderly.order.Callers;
import io.orderly.order.WebSecurityConfiguration;
import io.orderly.order.idempotency.IdempotencyKeyInProgressException;
import io.orderly.order.idempotency.IdempotencyKeyReusedException;
import io.orderly.order.idempotency.IdempotentRequests;
import io.orderly.order.idempotency.IdempotentRequests.Answer;
import io.orderly.order.idempotency.IdempotentRequests.FirstRequest;
import io.orderly.web.problem.WebProblemsAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The order API's web layer alone: every validation rule and malformed request answers a problem
 * detail and reaches nothing behind the controller; the order's status maps to 201 or 202, a replay
 * carries Idempotent-Replayed, the idempotency problems are 422 and 409. The service is mocked;
 * {@link OrderApiEndToEndTest} runs the same API with the saga on the embedded database. Requests
 * carry tokens of the stand-in auth-service (customer c-1 unless a test says otherwise), checked by
 * the service's own security rules.
 */
@WebMvcTest(OrderController.class)
// The slice leaves security out: the service's own chain, on Boot's resource server, is put back.
@ImportAutoConfiguration({
    WebProblemsAutoConfiguration.class,
    SecurityAutoConfiguration.class,
    ServletWebSecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class,
    OAuth2ResourceServerAutoConfiguration.class
})
@Import(WebSecurityConfiguration.class)
class OrderControllerTest {

    @DynamicPropertySource
    static void trustTestTokens(DynamicPropertyRegistry registry) {
        Callers.trustTestTokens(registry);
    }

    private static final String PROBLEMS = "https://orderly.io/problems/";

    @MockitoBean
    OrderService orders;

    @MockitoBean
    IdempotentRequests idempotency;

    @Autowired
    MockMvc mvc;

    final List<String> claimed = new ArrayList<>();

    Duration patience;

    /** The idempotency protocol as for a new key: it runs the first request and answers what that created. */
    @BeforeEach
    void everyKeyIsNewAndEveryOrderConfirms() {
        given(idempotency.answer(anyString(), anyString(), anyString(), eq(OrderResponse.class), any()))
                .willAnswer(call -> {
                    FirstRequest<OrderResponse> first = call.getArgument(4);
                    patience = first.answersWithin();
                    return first.answer(first.perform(claimed::add));
                });
        given(orders.place(any(), any())).willAnswer(call -> {
            Consumer<String> claim = call.getArgument(1);
            claim.accept("order-1");
            return "order-1";
        });
        given(orders.find("order-1")).willReturn(aConfirmedOrder("order-1"));
        given(orders.waitBudget()).willReturn(Duration.ofSeconds(3));
    }

    static List<Arguments> invalidBodies() {
        return List.of(
                Arguments.of("customerId with a space", body("c 1", line("SKU-1", 1)), "customerId"),
                Arguments.of("customerId of 65 characters", body(repeat('c', 65), line("SKU-1", 1)), "customerId"),
                Arguments.of("no items", bodyWithoutItems("c-1"), "items"),
                Arguments.of("empty items", body("c-1"), "items"),
                Arguments.of("51 lines", withLines(51), "items"),
                Arguments.of("quantity 0", body("c-1", line("SKU-1", 0)), "items[0].quantity"),
                Arguments.of("quantity 1001", body("c-1", line("SKU-1", 1001)), "items[0].quantity"),
                Arguments.of("no quantity", body("c-1", line("SKU-1", null)), "items[0].quantity"),
                Arguments.of("no sku", body("c-1", line(null, 1)), "items[0].sku"),
                Arguments.of("sku with a slash", body("c-1", line("SKU/1", 1)), "items[0].sku"),
                Arguments.of("a SKU twice", body("c-1", line("SKU-1", 1), line("SKU-1", 2)), "items"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void anInvalidBodyIsAValidationProblemAndReachesNothing(String why, String json, String field) throws Exception {
        mvc.perform(place("key-1", json))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"))
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)));

        verifyNoInteractions(idempotency, orders);
    }

    @Test
    void fiftyDistinctLinesAreAccepted() throws Exception {
        mvc.perform(place("key-50", withLines(50))).andExpect(status().isCreated());
    }

    @Test
    void malformedJsonIsAMalformedRequestProblemAndReachesNothing() throws Exception {
        String valid = aValidOrder();
        mvc.perform(place("key-1", valid.substring(0, valid.indexOf('[') + 1)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-request"));
        mvc.perform(place("key-1", body("c-1", line("SKU-1", "two"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-request"));

        verifyNoInteractions(idempotency, orders);
    }

    @Test
    void aMissingIdempotencyKeyIsAMissingHeaderProblemAndReachesNothing() throws Exception {
        mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(aValidOrder()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "missing-header"));

        verifyNoInteractions(idempotency, orders);
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
    void anInvalidIdempotencyKeyIsAValidationProblemAndReachesNothing(String why, String key) throws Exception {
        mvc.perform(place(key, aValidOrder()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("idempotencyKey")));

        verifyNoInteractions(idempotency, orders);
    }

    @Test
    void aKeyOf255PrintableCharactersIsAccepted() throws Exception {
        mvc.perform(place(repeat('~', 254) + " ", aValidOrder())).andExpect(status().isCreated());
    }

    @Test
    void anEndedSagaAnswers201WithLocationAndTheOrder() throws Exception {
        mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/orders/order-1"))
                .andExpect(header().doesNotExist("Idempotent-Replayed"))
                .andExpect(jsonPath("$.id").value("order-1"))
                .andExpect(jsonPath("$.status").value("CONFIRMED"))
                .andExpect(jsonPath("$.total").value(5.00))
                .andExpect(jsonPath("$.currency").value("EUR"))
                .andExpect(jsonPath("$.failureReason").isEmpty())
                .andExpect(jsonPath("$.items[0].unitPrice").value(2.50))
                .andExpect(jsonPath("$.saga.state").value("CONFIRMED"))
                .andExpect(jsonPath("$.saga.steps[0].step").value("RESERVE_STOCK"))
                .andExpect(jsonPath("$.saga.steps[0].attempts").value(1));

        var request = ArgumentCaptor.forClass(PlaceOrderRequest.class);
        verify(orders).place(request.capture(), any());
        assertThat(request.getValue().customerId()).isEqualTo("c-1");
        assertThat(request.getValue().items())
                .containsExactly(new PlaceOrderRequest.Item("SKU-1", 2), new PlaceOrderRequest.Item("SKU-2", 1));
        verify(idempotency).answer(eq("c-1"), eq("key-1"), eq("c-1|SKU-1x2,SKU-2x1"), eq(OrderResponse.class), any());
        assertThat(claimed).as("the key is claimed with the new order's id").containsExactly("order-1");
    }

    @Test
    void aCancelledOrderIsAnEndedSagaToo() throws Exception {
        given(orders.find("order-1")).willReturn(aCancelledOrder("order-1"));

        mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.failureReason").value("INSUFFICIENT_STOCK"));
    }

    @Test
    void aSagaStillRunningAtTheEndOfTheWaitBudgetAnswers202WithTheSameLocation() throws Exception {
        given(orders.find("order-1")).willReturn(aPendingOrder("order-1"));

        mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/orders/order-1"))
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.total").isEmpty())
                .andExpect(jsonPath("$.saga.steps[0].lastError")
                        .value("inventory reserve answered 503 service-unavailable"));
    }

    @Test
    void theFirstRequestIsGivenAsLongAsTheSagaWaitBudgetBeforeItCountsAsAbandoned() throws Exception {
        mvc.perform(place("key-1", aValidOrder())).andExpect(status().isCreated());

        assertThat(patience).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aReplayedAnswerKeepsItsStatusAndCarriesIdempotentReplayed() throws Exception {
        given(idempotency.answer(eq("c-1"), eq("key-1"), anyString(), eq(OrderResponse.class), any()))
                .willReturn(new Answer<>(202, aPendingOrder("order-7"), true));

        mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("Location", "/api/orders/order-7"))
                .andExpect(jsonPath("$.id").value("order-7"));
        verifyNoInteractions(orders);
    }

    @Test
    void theSameKeyWithAnotherBodyIsA422Problem() throws Exception {
        given(idempotency.answer(eq("c-1"), eq("key-1"), anyString(), eq(OrderResponse.class), any()))
                .willThrow(new IdempotencyKeyReusedException());

        mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "idempotency-key-reused"));
    }

    @Test
    void theSameKeyWhileTheFirstRequestRunsIsA409Problem() throws Exception {
        given(idempotency.answer(eq("c-1"), eq("key-1"), anyString(), eq(OrderResponse.class), any()))
                .willThrow(new IdempotencyKeyInProgressException());

        mvc.perform(place("key-1", aValidOrder()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "idempotency-key-in-progress"));
    }

    @Test
    void readsOneOrderWithItsSaga() throws Exception {
        mvc.perform(get("/api/orders/order-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("order-1"))
                .andExpect(jsonPath("$.customerId").value("c-1"))
                .andExpect(jsonPath("$.items[0].sku").value("SKU-1"))
                .andExpect(jsonPath("$.items[0].quantity").value(2))
                .andExpect(jsonPath("$.createdAt").value("2026-01-01T10:00:00Z"))
                .andExpect(jsonPath("$.saga.steps[0].status").value("SUCCEEDED"));
    }

    @Test
    void anUnknownOrderIsAnOrderNotFoundProblem() throws Exception {
        given(orders.find("nope")).willThrow(new OrderNotFoundException("nope"));

        mvc.perform(get("/api/orders/nope"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "order-not-found"));
    }

    @Test
    void listsAPageAsAPagedModelWithTheFiltersGiven() throws Exception {
        given(orders.list("c-1", OrderStatus.CONFIRMED, 0, 1))
                .willReturn(new PageImpl<>(List.of(aConfirmedOrder("order-2")), PageRequest.of(0, 1), 2));

        mvc.perform(get("/api/orders")
                        .param("customerId", "c-1")
                        .param("status", "CONFIRMED")
                        .param("size", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content.length()").value(1))
                .andExpect(jsonPath("$.content[0].id").value("order-2"))
                .andExpect(jsonPath("$.content[0].saga.state").value("CONFIRMED"))
                .andExpect(jsonPath("$.page.size").value(1))
                .andExpect(jsonPath("$.page.number").value(0))
                .andExpect(jsonPath("$.page.totalElements").value(2))
                .andExpect(jsonPath("$.page.totalPages").value(2));
    }

    @Test
    void withoutParametersTheAdminsListIsTheFirstPageOfTwentyOfAllOrders() throws Exception {
        given(orders.list(null, null, 0, 20)).willReturn(new PageImpl<>(List.of(), PageRequest.of(0, 20), 0));

        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/orders")))
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
        mvc.perform(get("/api/orders").param("page", "-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"));
        verifyNoInteractions(orders);
    }

    @Test
    void aPageBeyondTheBoundIsAValidationProblemNotAnOverflow() throws Exception {
        mvc.perform(get("/api/orders").param("page", "2147483647").param("size", "100"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value("page"))
                .andExpect(jsonPath("$.errors[0].message").value("must be less than or equal to 1000000"));
        mvc.perform(get("/api/orders").param("page", "1000001"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"));
        mvc.perform(get("/api/orders").param("page", "2147483648"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-parameter"));
        verifyNoInteractions(orders);
    }

    @Test
    void withoutACustomerIdTheOrderIsTheCallersOwn() throws Exception {
        mvc.perform(asCustomer(placeRequest("key-1", body(null, line("SKU-1", 1))), "c-7"))
                .andExpect(status().isCreated());

        var request = ArgumentCaptor.forClass(PlaceOrderRequest.class);
        verify(orders).place(request.capture(), any());
        assertThat(request.getValue().customerId()).isEqualTo("c-7");
        verify(idempotency).answer(eq("c-7"), eq("key-1"), eq("c-7|SKU-1x1"), eq(OrderResponse.class), any());
    }

    @Test
    void withoutATokenEveryOrderPathIsA401ProblemWithWwwAuthenticate() throws Exception {
        for (MockHttpServletRequestBuilder request : List.of(
                placeRequest("key-1", aValidOrder()),
                MockMvcRequestBuilders.get("/api/orders/order-1"),
                MockMvcRequestBuilders.get("/api/orders"))) {
            mvc.perform(request)
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEMS + "unauthorized"))
                    .andExpect(jsonPath("$.status").value(401));
        }
        verifyNoInteractions(idempotency, orders);
    }

    static List<Arguments> refusedTokens() {
        return List.of(
                Arguments.of("expired", TOKENS.expiredCustomer("c-1")),
                Arguments.of("forged", TOKENS.forgedAdmin()),
                Arguments.of("from another issuer", TOKENS.adminFromAnotherIssuer()),
                Arguments.of("not a JWT", "not-a-token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aTokenTheServiceDoesNotAcceptIsA401Problem(String why, String token) throws Exception {
        mvc.perform(bearer(placeRequest("key-1", aValidOrder()), token))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("invalid_token")))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "unauthorized"));
        mvc.perform(bearer(MockMvcRequestBuilders.get("/api/orders/order-1"), token))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "unauthorized"));
        verifyNoInteractions(idempotency, orders);
    }

    @Test
    void theAdminIsNotACustomerAndCannotOrder() throws Exception {
        mvc.perform(asAdmin(placeRequest("key-1", aValidOrder())))
                .andExpect(status().isForbidden())
                .andExpect(header().string("WWW-Authenticate", containsString("insufficient_scope")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"));
        mvc.perform(bearer(placeRequest("key-1", body(null, line("SKU-1", 1))), TOKENS.service("payment.payments")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"));
        verifyNoInteractions(idempotency, orders);
    }

    @Test
    void orderingForAnotherCustomerIsA403ProblemAndReachesNothing() throws Exception {
        mvc.perform(asCustomer(placeRequest("key-1", aValidOrder()), "c-2"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("WWW-Authenticate", containsString("insufficient_scope")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"))
                .andExpect(jsonPath("$.status").value(403));

        verifyNoInteractions(idempotency, orders);
    }

    @Test
    void anotherCustomersOrderIsNotFoundExactlyLikeAnUnknownOrder() throws Exception {
        MvcResult others = mvc.perform(asCustomer(MockMvcRequestBuilders.get("/api/orders/order-1"), "c-2"))
                .andExpect(status().isNotFound())
                .andReturn();
        given(orders.find("order-1")).willThrow(new OrderNotFoundException("order-1"));
        MvcResult unknown = mvc.perform(asCustomer(MockMvcRequestBuilders.get("/api/orders/order-1"), "c-2"))
                .andExpect(status().isNotFound())
                .andReturn();

        assertThat(others.getResponse().getContentType())
                .isEqualTo(unknown.getResponse().getContentType());
        assertThat(others.getResponse().getHeaderNames())
                .containsExactlyInAnyOrderElementsOf(unknown.getResponse().getHeaderNames());
        assertThat(others.getResponse().getContentAsString())
                .isEqualTo(unknown.getResponse().getContentAsString())
                .contains(PROBLEMS + "order-not-found");
    }

    @Test
    void theAdminReadsAnyOrderWithTheFullErrorsOfItsSaga() throws Exception {
        given(orders.find("order-1")).willReturn(aPendingOrder("order-1"));

        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/orders/order-1")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value("c-1"))
                .andExpect(jsonPath("$.saga.steps[0].lastError").value(Orders.UNAVAILABLE));
    }

    @Test
    void aCustomerSeesItsSagasErrorsWithoutTheParticipantsDetail() throws Exception {
        given(orders.find("order-1")).willReturn(aPendingOrder("order-1"));

        mvc.perform(get("/api/orders/order-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.saga.steps[0].lastError")
                        .value("inventory reserve answered 503 service-unavailable"));
    }

    @Test
    void aCustomerListsOnlyItsOwnOrders() throws Exception {
        given(orders.list("c-1", null, 0, 20))
                .willReturn(new PageImpl<>(List.of(aPendingOrder("order-2")), PageRequest.of(0, 20), 1));

        mvc.perform(get("/api/orders"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content[0].id").value("order-2"))
                .andExpect(jsonPath("$.content[0].saga.steps[0].lastError")
                        .value("inventory reserve answered 503 service-unavailable"));
        mvc.perform(get("/api/orders?customerId=c-1")).andExpect(status().isOk());
        verify(orders, times(2)).list("c-1", null, 0, 20);
    }

    @Test
    void listingAnotherCustomersOrdersIsA403ProblemAndReachesNothing() throws Exception {
        mvc.perform(get("/api/orders?customerId=c-2"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"));

        verifyNoInteractions(orders);
    }

    @Test
    void theAdminListsAnyCustomersOrdersWithFullErrors() throws Exception {
        given(orders.list("c-2", OrderStatus.PENDING, 0, 20))
                .willReturn(new PageImpl<>(List.of(aPendingOrder("order-2")), PageRequest.of(0, 20), 1));

        mvc.perform(asAdmin(MockMvcRequestBuilders.get("/api/orders?customerId=c-2&status=PENDING")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content[0].saga.steps[0].lastError").value(Orders.UNAVAILABLE));
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
}
