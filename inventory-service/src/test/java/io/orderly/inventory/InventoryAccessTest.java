package io.orderly.inventory;

import static io.orderly.inventory.InventoryClient.TOKENS;
import static io.orderly.inventory.InventoryClient.bearer;
import static io.orderly.inventory.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what (DESIGN section 9), with tokens signed as auth-service signs them: anyone reads
 * the catalogue, only the admin changes it, only order-service's token with the reservations scope
 * reaches the participant API. Every refusal is a problem detail with a bearer challenge, and writes
 * nothing: after each test the whole database must be as it was before.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(StandInAuthServer.class)
class InventoryAccessTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    InventoryClient inventory;
    String lamp;
    String reserved = InventoryClient.uniqueOrderId();
    DatabaseSnapshot before;

    /** One request to a protected endpoint; sent with whatever {@code Authorization} header a test gives. */
    record Call(HttpMethod method, String path, String body) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeEach
    void aProductWithAReservationAndASnapshot() {
        inventory = new InventoryClient(mvc, json);
        lamp = inventory.createProduct("lamp", "12.50", 10);
        assertThat(inventory.reserve(reserved, lamp, 2)).hasStatus(HttpStatus.CREATED);
        before = DatabaseSnapshot.of(jdbc);
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
    }

    private List<Call> catalogueChanges() {
        return List.of(
                new Call(
                        HttpMethod.POST,
                        "/api/products",
                        "{\"sku\":\"%s\",\"name\":\"Sneaky\",\"price\":1.00,\"onHand\":1}"
                                .formatted(InventoryClient.uniqueSku("sneaky"))),
                new Call(HttpMethod.POST, "/api/products/" + lamp + "/restock", "{\"quantity\":5}"));
    }

    private List<Call> participantCalls() {
        return List.of(
                new Call(HttpMethod.PUT, "/reservations/" + InventoryClient.uniqueOrderId(), inventory.items(lamp, 1)),
                new Call(HttpMethod.POST, "/reservations/" + reserved + "/confirm", null),
                new Call(HttpMethod.POST, "/reservations/" + reserved + "/cancel", null),
                new Call(HttpMethod.GET, "/reservations/" + reserved, null));
    }

    private List<Call> everyProtectedCall() {
        return Stream.concat(catalogueChanges().stream(), participantCalls().stream())
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

    /** A 401 or 403 problem detail with an RFC 6750 challenge; returns the challenge. */
    private static String assertBearerRefusal(MvcTestResult result, int status, Call call) {
        assertThat(result).as(call.toString()).hasStatus(status);
        assertProblem(result, status, status == 401 ? "unauthorized" : "forbidden");
        String challenge = result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE);
        assertThat(challenge).as(call.toString()).startsWith("Bearer");
        return challenge;
    }

    @Test
    void anyoneReadsTheCatalogueWithOrWithoutAToken() {
        for (String authorization :
                new String[] {null, bearer(TOKENS.customer("c-1")), bearer(TOKENS.service("inventory.reservations"))}) {
            for (String path : new String[] {"/api/products", "/api/products/" + lamp}) {
                MockMvcRequestBuilder read = mvc.get().uri(path);
                if (authorization != null) {
                    read.header(HttpHeaders.AUTHORIZATION, authorization);
                }
                assertThat(read.exchange()).as(path).hasStatusOk();
            }
        }
        assertThat(inventory.stockOf(lamp)).isEqualTo(new InventoryClient.StockLevel(10, 2));
    }

    @Test
    void everyProtectedEndpointWithoutATokenIsUnauthorized() {
        for (Call call : everyProtectedCall()) {
            String challenge = assertBearerRefusal(send(call, null), 401, call);
            // RFC 6750: a request without credentials gets the challenge without an error code.
            assertThat(challenge).as(call.toString()).doesNotContain("error=");
        }
    }

    @Test
    void anExpiredForgedOrForeignTokenIsUnauthorizedEverywhere() {
        for (String token :
                new String[] {TOKENS.expiredCustomer("c-1"), TOKENS.forgedAdmin(), TOKENS.adminFromAnotherIssuer()}) {
            for (Call call : everyProtectedCall()) {
                String challenge = assertBearerRefusal(send(call, bearer(token)), 401, call);
                assertThat(challenge).as(call.toString()).contains("error=\"invalid_token\"");
            }
        }
    }

    @Test
    void aMalformedAuthorizationHeaderIsUnauthorized() {
        for (Call call : everyProtectedCall()) {
            assertBearerRefusal(send(call, "Bearer not-a-jwt"), 401, call);
        }
    }

    @Test
    void aCustomerMayNotChangeTheCatalogueNorMayTheSaga() {
        for (String token : new String[] {TOKENS.customer("c-1"), TOKENS.service("inventory.reservations")}) {
            for (Call call : catalogueChanges()) {
                String challenge = assertBearerRefusal(send(call, bearer(token)), 403, call);
                assertThat(challenge).as(call.toString()).contains("error=\"insufficient_scope\"");
            }
        }
    }

    @Test
    void onlyTheSagaWithTheReservationsScopeReachesTheParticipantApi() {
        for (String token : new String[] {TOKENS.customer("c-1"), TOKENS.admin(), TOKENS.service("payment.payments")}) {
            for (Call call : participantCalls()) {
                String challenge = assertBearerRefusal(send(call, bearer(token)), 403, call);
                assertThat(challenge).as(call.toString()).contains("error=\"insufficient_scope\"");
            }
        }
    }
}
