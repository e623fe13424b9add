package io.orderly.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.TestTokens;
import io.orderly.web.problem.Problems;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Every request the service refuses gets a problem detail with a stable slug, and changes
 * nothing in the database. Runs on the default embedded H2. Requests carry the token of a caller
 * allowed to make them (the admin on the accounts API, order-service on the participant API), so
 * that what is refused is the request itself; {@link PaymentAccessTest} covers the tokens.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(StandInAuthServer.class)
class RefusedRequestsTest {

    private static final TestTokens TOKENS = TestTokens.shared();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    private static String asAdmin() {
        return "Bearer " + TOKENS.admin();
    }

    private static String asSaga() {
        return "Bearer " + TOKENS.service("payment.payments");
    }

    private static String anOrderId() {
        return "o-" + UUID.randomUUID();
    }

    private static String authorization(String customerId, String amount, String currency) {
        return """
                {"customerId": "%s", "amount": %s, "currency": "%s"}""".formatted(customerId, amount, currency);
    }

    private MockMvcRequestBuilder authorize(String orderId, String json) {
        return mvc.put()
                .uri("/payments/{orderId}", orderId)
                .header(HttpHeaders.AUTHORIZATION, asSaga())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    private MockMvcRequestBuilder openAccount(String json) {
        return mvc.post()
                .uri("/api/accounts")
                .header(HttpHeaders.AUTHORIZATION, asAdmin())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    private MockMvcRequestBuilder deposit(String customerId, String json) {
        return mvc.post()
                .uri("/api/accounts/{customerId}/deposits", customerId)
                .header(HttpHeaders.AUTHORIZATION, asAdmin())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    /** Sends the request and checks it was refused with the slug and wrote nothing. */
    private MvcTestResult assertRefused(MockMvcRequestBuilder request, int status, String slug) {
        LedgerSnapshot before = LedgerSnapshot.take(jdbc);

        MvcTestResult result = request.exchange();

        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(Problems.TYPE_BASE + slug);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
        assertThat(result)
                .bodyJson()
                .extractingPath("$.detail")
                .asString()
                .isNotBlank()
                .doesNotContain("Exception");
        assertThat(LedgerSnapshot.take(jdbc)).as("nothing written").isEqualTo(before);
        return result;
    }

    private void assertInvalidFields(MockMvcRequestBuilder request, String... fields) {
        MvcTestResult result = assertRefused(request, 400, "validation-failed");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.errors[*].field")
                .asArray()
                .containsOnly((Object[]) fields);
        assertThat(result)
                .bodyJson()
                .extractingPath("$.errors[*].message")
                .asArray()
                .doesNotContainNull();
    }

    @Test
    void malformedJsonIsAMalformedRequest() {
        assertRefused(authorize(anOrderId(), "{\"customerId\": \"c-1\", \"amount\": "), 400, "malformed-request");
        assertRefused(authorize(anOrderId(), authorization("c-1", "\"lots\"", "EUR")), 400, "malformed-request");
        assertRefused(openAccount("[]"), 400, "malformed-request");
        assertRefused(
                mvc.put()
                        .uri("/payments/{orderId}", anOrderId())
                        .header(HttpHeaders.AUTHORIZATION, asSaga())
                        .contentType(MediaType.APPLICATION_JSON),
                400,
                "malformed-request");
    }

    @Test
    void aKeyNamedTwiceIsAMalformedRequestNotTheLastValue() {
        assertRefused(deposit("c-1", "{\"amount\": 1.00, \"amount\": 100000.00}"), 400, "malformed-request");
        assertRefused(
                authorize(
                        anOrderId(),
                        "{\"customerId\": \"c-1\", \"customerId\": \"c-2\", \"amount\": 1.00, \"currency\": \"EUR\"}"),
                400,
                "malformed-request");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        assertRefused(
                mvc.put()
                        .uri("/payments/{orderId}", anOrderId())
                        .header(HttpHeaders.AUTHORIZATION, asSaga())
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("customerId=c-1"),
                415,
                "unsupported-media-type");
        assertRefused(
                mvc.post()
                        .uri("/api/accounts")
                        .header(HttpHeaders.AUTHORIZATION, asAdmin())
                        .contentType(MediaType.APPLICATION_XML)
                        .content("<account/>"),
                415,
                "unsupported-media-type");
    }

    @Test
    void missingFieldsAreListed() {
        assertInvalidFields(authorize(anOrderId(), "{}"), "amount", "currency", "customerId");
        assertInvalidFields(openAccount("{}"), "customerId", "initialBalance");
        assertInvalidFields(deposit("c-1", "{}"), "amount");
    }

    @Test
    void outOfRangeAmountsAreRefused() {
        assertInvalidFields(authorize(anOrderId(), authorization("c-1", "0", "EUR")), "amount");
        assertInvalidFields(authorize(anOrderId(), authorization("c-1", "-5.00", "EUR")), "amount");
        assertInvalidFields(authorize(anOrderId(), authorization("c-1", "1.005", "EUR")), "amount");
        // More than payment.amount NUMERIC(12, 2) holds.
        assertInvalidFields(authorize(anOrderId(), authorization("c-1", "10000000000.00", "EUR")), "amount");
        assertInvalidFields(openAccount("{\"customerId\": \"x-1\", \"initialBalance\": -0.01}"), "initialBalance");
        assertInvalidFields(
                openAccount("{\"customerId\": \"x-1\", \"initialBalance\": 100000000.01}"), "initialBalance");
        assertInvalidFields(openAccount("{\"customerId\": \"x-1\", \"balance\": 1.001}"), "initialBalance");
        assertInvalidFields(deposit("c-1", "{\"amount\": 0.00}"), "amount");
        assertInvalidFields(deposit("c-1", "{\"amount\": 100000000.01}"), "amount");
    }

    @Test
    void badIdentifiersAreRefusedInTheBodyAndInThePath() {
        String tooLong = "a".repeat(65);

        assertInvalidFields(authorize(anOrderId(), authorization("c_1", "5.00", "EUR")), "customerId");
        assertInvalidFields(authorize(anOrderId(), authorization("", "5.00", "EUR")), "customerId");
        assertInvalidFields(authorize(tooLong, authorization("c-1", "5.00", "EUR")), "orderId");
        assertInvalidFields(authorize("bad.id", authorization("c-1", "0", "EUR")), "amount", "orderId");
        assertInvalidFields(
                mvc.post().uri("/payments/{orderId}/capture", "bad id").header(HttpHeaders.AUTHORIZATION, asSaga()),
                "orderId");
        assertInvalidFields(
                mvc.post().uri("/payments/{orderId}/cancel", tooLong).header(HttpHeaders.AUTHORIZATION, asSaga()),
                "orderId");
        assertInvalidFields(
                mvc.get().uri("/payments/{orderId}", "bad!").header(HttpHeaders.AUTHORIZATION, asSaga()), "orderId");
        assertInvalidFields(
                mvc.get().uri("/api/accounts/{customerId}", tooLong).header(HttpHeaders.AUTHORIZATION, asAdmin()),
                "customerId");
        assertInvalidFields(
                openAccount("{\"customerId\": \"%s\", \"initialBalance\": 1}".formatted(tooLong)), "customerId");
        assertInvalidFields(deposit("c 1", "{\"amount\": 1.00}"), "customerId");
    }

    @Test
    void aCurrencyOtherThanEuroIsRefused() {
        assertInvalidFields(authorize(anOrderId(), authorization("c-1", "5.00", "USD")), "currency");
        assertInvalidFields(authorize(anOrderId(), authorization("c-1", "5.00", "eur")), "currency");
    }

    @Test
    void anUnknownCustomerIsNotFound() {
        assertRefused(authorize(anOrderId(), authorization("nobody", "5.00", "EUR")), 404, "unknown-customer");
        assertRefused(
                mvc.get().uri("/api/accounts/{customerId}", "nobody").header(HttpHeaders.AUTHORIZATION, asAdmin()),
                404,
                "unknown-customer");
        assertRefused(deposit("nobody", "{\"amount\": 1.00}"), 404, "unknown-customer");
    }

    @Test
    void anUnknownPaymentIsNotFound() {
        assertRefused(
                mvc.get().uri("/payments/{orderId}", anOrderId()).header(HttpHeaders.AUTHORIZATION, asSaga()),
                404,
                "payment-not-found");
        assertRefused(
                mvc.post().uri("/payments/{orderId}/capture", anOrderId()).header(HttpHeaders.AUTHORIZATION, asSaga()),
                404,
                "payment-not-found");
    }

    @Test
    void openingATakenAccountIsAConflict() {
        assertRefused(openAccount("{\"customerId\": \"c-1\", \"initialBalance\": 5.00}"), 409, "account-exists");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        String padding = "x".repeat(70 * 1024);
        String json =
                "{\"customerId\": \"c-1\", \"amount\": 5.00, \"currency\": \"EUR\", \"note\": \"" + padding + "\"}";

        assertRefused(authorize(anOrderId(), json), 413, "payload-too-large");
    }

    @Test
    void anUnsupportedMethodIsNotAllowed() {
        assertRefused(
                mvc.delete().uri("/payments/{orderId}", anOrderId()).header(HttpHeaders.AUTHORIZATION, asSaga()),
                405,
                "method-not-allowed");
        assertRefused(
                mvc.put()
                        .uri("/api/accounts/{customerId}", "c-1")
                        .header(HttpHeaders.AUTHORIZATION, asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"),
                405,
                "method-not-allowed");
        assertRefused(
                mvc.get().uri("/payments/{orderId}/capture", anOrderId()).header(HttpHeaders.AUTHORIZATION, asSaga()),
                405,
                "method-not-allowed");
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        assertRefused(mvc.get().uri("/nothing/here").header(HttpHeaders.AUTHORIZATION, asAdmin()), 404, "not-found");
        assertRefused(
                mvc.post()
                        .uri("/api/accounts/c-1/withdrawals")
                        .header(HttpHeaders.AUTHORIZATION, asAdmin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"),
                404,
                "not-found");
    }

    @Test
    void moneyIsWrittenAsJsonNumbersWithTwoDecimals() {
        String customerId = "wire-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(openAccount("{\"customerId\": \"%s\", \"balance\": 100}".formatted(customerId)))
                .hasStatus(201)
                .hasHeader("Location", "/api/accounts/" + customerId)
                .bodyText()
                .contains("\"balance\":100.00", "\"held\":0.00", "\"available\":100.00");

        String orderId = anOrderId();
        assertThat(authorize(orderId, authorization(customerId, "12.5", "EUR")))
                .hasStatus(201)
                .hasHeader("Location", "/payments/" + orderId)
                .bodyText()
                .contains("\"amount\":12.50", "\"status\":\"AUTHORIZED\"", "\"currency\":\"EUR\"");
    }
}
