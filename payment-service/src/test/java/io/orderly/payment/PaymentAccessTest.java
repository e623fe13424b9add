package io.orderly.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.testsupport.TestTokens;
import io.orderly.testsupport.TraceIds;
import io.orderly.web.problem.Problems;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Who may call what (DESIGN section 9), with tokens signed as auth-service signs them: the admin
 * opens accounts and acts on any, a customer reads and tops up its own account only (another's is
 * 404, exactly as one that does not exist), and only order-service's token with the payments scope
 * reaches the participant API. Every 401 and 403 is a problem detail with a bearer challenge, and
 * no refused request writes anything.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(StandInAuthServer.class)
class PaymentAccessTest {

    private static final TestTokens TOKENS = TestTokens.shared();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    String mine;
    String theirs;
    String authorized;

    /** One request to a protected endpoint; sent with whatever {@code Authorization} header a test gives. */
    record Call(HttpMethod method, String path, String body) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String aCustomerId(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @BeforeEach
    void twoAccountsAndAnAuthorizedPayment() {
        mine = aCustomerId("mine");
        theirs = aCustomerId("theirs");
        authorized = "o-" + UUID.randomUUID();
        for (String customerId : List.of(mine, theirs)) {
            assertThat(send(
                            new Call(
                                    HttpMethod.POST,
                                    "/api/accounts",
                                    "{\"customerId\":\"%s\",\"initialBalance\":100.00}".formatted(customerId)),
                            bearer(TOKENS.admin())))
                    .hasStatus(201);
        }
        assertThat(send(
                        new Call(
                                HttpMethod.PUT,
                                "/payments/" + authorized,
                                "{\"customerId\":\"%s\",\"amount\":25.00,\"currency\":\"EUR\"}".formatted(mine)),
                        bearer(TOKENS.service("payment.payments"))))
                .hasStatus(201);
    }

    private List<Call> accountCalls() {
        return List.of(
                new Call(HttpMethod.GET, "/api/accounts/" + mine, null),
                new Call(
                        HttpMethod.POST,
                        "/api/accounts",
                        "{\"customerId\":\"%s\",\"initialBalance\":5.00}".formatted(aCustomerId("new"))),
                new Call(HttpMethod.POST, "/api/accounts/" + mine + "/deposits", "{\"amount\":10.00}"));
    }

    private List<Call> participantCalls() {
        return List.of(
                new Call(
                        HttpMethod.PUT,
                        "/payments/o-" + UUID.randomUUID(),
                        "{\"customerId\":\"%s\",\"amount\":5.00,\"currency\":\"EUR\"}".formatted(mine)),
                new Call(HttpMethod.POST, "/payments/" + authorized + "/capture", null),
                new Call(HttpMethod.POST, "/payments/" + authorized + "/cancel", null),
                new Call(HttpMethod.GET, "/payments/" + authorized, null));
    }

    private List<Call> everyProtectedCall() {
        return Stream.concat(accountCalls().stream(), participantCalls().stream())
                .toList();
    }

    /** Sends the call with this {@code Authorization} header value, or none when it is null. */
    private MvcTestResult send(Call call, String authorization) {
        MockMvcRequestBuilder request = mvc.method(call.method()).uri(call.path());
        if (call.body() != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(call.body());
        }
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.exchange();
    }

    /** Sends each call with this header, asserts a 401 or 403 bearer problem and no write; returns the challenges. */
    private List<String> assertEachRefused(List<Call> calls, String authorization, int status) {
        LedgerSnapshot before = LedgerSnapshot.take(jdbc);
        List<String> challenges = calls.stream()
                .map(call -> {
                    MvcTestResult result = send(call, authorization);
                    assertThat(result)
                            .as(call.toString())
                            .hasStatus(status)
                            .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
                    assertThat(result)
                            .bodyJson()
                            .extractingPath("$.type")
                            .isEqualTo(Problems.TYPE_BASE + (status == 401 ? "unauthorized" : "forbidden"));
                    assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
                    assertThat(result)
                            .bodyJson()
                            .extractingPath("$.detail")
                            .asString()
                            .isNotBlank();
                    String challenge = result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE);
                    assertThat(challenge).as(call.toString()).startsWith("Bearer");
                    return challenge;
                })
                .toList();
        assertThat(LedgerSnapshot.take(jdbc)).as("nothing written").isEqualTo(before);
        return challenges;
    }

    private MvcTestResult read(String customerId, String authorization) {
        return send(new Call(HttpMethod.GET, "/api/accounts/" + customerId, null), authorization);
    }

    private MvcTestResult deposit(String customerId, String amount, String authorization) {
        return send(
                new Call(
                        HttpMethod.POST,
                        "/api/accounts/" + customerId + "/deposits",
                        "{\"amount\":%s}".formatted(amount)),
                authorization);
    }

    @Test
    void everyProtectedEndpointWithoutATokenIsUnauthorized() {
        // RFC 6750: a request without credentials gets the challenge without an error code.
        assertThat(assertEachRefused(everyProtectedCall(), null, 401))
                .allSatisfy(challenge -> assertThat(challenge).doesNotContain("error="));
    }

    @Test
    void anExpiredForgedOrForeignTokenIsUnauthorizedEverywhere() {
        for (String token :
                List.of(TOKENS.expiredCustomer(mine), TOKENS.forgedAdmin(), TOKENS.adminFromAnotherIssuer())) {
            assertThat(assertEachRefused(everyProtectedCall(), bearer(token), 401))
                    .allSatisfy(challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
        }
        assertEachRefused(everyProtectedCall(), "Bearer not-a-jwt", 401);
    }

    @Test
    void onlyTheAdminOpensAnAccount() {
        List<Call> open = List.of(accountCalls().get(1));
        for (String token : List.of(TOKENS.customer(mine), TOKENS.service("payment.payments"))) {
            assertThat(assertEachRefused(open, bearer(token), 403))
                    .allSatisfy(challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
        }
    }

    @Test
    void aServiceTokenHasNoBusinessOnTheAccountsApi() {
        assertEachRefused(accountCalls(), bearer(TOKENS.service("payment.payments")), 403);
    }

    @Test
    void onlyTheSagaWithThePaymentsScopeReachesTheParticipantApi() {
        for (String token : List.of(TOKENS.customer(mine), TOKENS.admin(), TOKENS.service("inventory.reservations"))) {
            assertThat(assertEachRefused(participantCalls(), bearer(token), 403))
                    .allSatisfy(challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
        }
    }

    @Test
    void aCustomerReadsAndTopsUpItsOwnAccount() {
        String me = bearer(TOKENS.customer(mine));

        assertThat(read(mine, me)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"customerId":"%s","balance":100.00,"held":25.00,"available":75.00}""".formatted(mine));
        assertThat(deposit(mine, "10.00", me)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"customerId":"%s","balance":110.00,"held":25.00,"available":85.00}""".formatted(mine));
    }

    @Test
    void theAdminReadsAndTopsUpAnyAccount() {
        String admin = bearer(TOKENS.admin());

        assertThat(deposit(theirs, "0.50", admin)).hasStatusOk();
        assertThat(read(theirs, admin)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"customerId":"%s","balance":100.50,"held":0.00,"available":100.50}""".formatted(theirs));
    }

    @Test
    void anotherCustomersAccountIsNotFoundExactlyAsOneThatDoesNotExist() {
        String me = bearer(TOKENS.customer(mine));
        String nobody = aCustomerId("nobody");
        LedgerSnapshot before = LedgerSnapshot.take(jdbc);

        assertSameAnswer(read(theirs, me), theirs, read(nobody, me), nobody);
        assertSameAnswer(deposit(theirs, "10.00", me), theirs, deposit(nobody, "10.00", me), nobody);

        assertThat(LedgerSnapshot.take(jdbc)).as("nothing written").isEqualTo(before);
        assertThat(read(theirs, bearer(TOKENS.admin())))
                .bodyJson()
                .extractingPath("$.balance")
                .isEqualTo(100.00);
    }

    /** Both are the 404 of an unknown customer, alike to the byte once the customer ids are swapped. */
    private static void assertSameAnswer(MvcTestResult other, String otherId, MvcTestResult unknown, String unknownId) {
        for (MvcTestResult result : List.of(other, unknown)) {
            assertThat(result).hasStatus(404).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(Problems.TYPE_BASE + "unknown-customer");
        }
        assertThat(other.getResponse().getContentType())
                .isEqualTo(unknown.getResponse().getContentType());
        assertThat(other.getResponse().getHeaderNames())
                .containsExactlyInAnyOrderElementsOf(unknown.getResponse().getHeaderNames());
        assertThat(TraceIds.masked(body(other)).replace(otherId, "ID"))
                .isEqualTo(TraceIds.masked(body(unknown)).replace(unknownId, "ID"));
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString();
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
