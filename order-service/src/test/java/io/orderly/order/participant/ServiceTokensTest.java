package io.orderly.order.participant;

import static io.orderly.order.participant.ParticipantTestSupport.calls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.client.ExpectedCount.times;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

/**
 * order-service's service token on the participant calls, against the stand-in auth-service: one
 * token for many calls, a call without a token when auth-service is unreachable is an unknown
 * outcome that never left, and a participant's 401 drops the token so the next call fetches one.
 */
class ServiceTokensTest {

    private static final String CONFIRM = "http://inventory-service/reservations/order-1/confirm";

    @Test
    void oneTokenServesManyCalls() {
        ServiceTokenCheck tokens = new ServiceTokenCheck("inventory.reservations");
        RestClient.Builder builder = tokens.builder("http://inventory-service");
        MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
        InventoryClient inventory = inventory(builder);
        server.expect(times(5), requestTo(CONFIRM))
                .andExpect(header("Authorization", Matchers.startsWith("Bearer ")))
                .andRespond(withSuccess());
        int before = ServiceTokenCheck.TOKENS.tokenRequests();

        for (int i = 0; i < 5; i++) {
            inventory.confirm("order-1");
        }

        server.verify();
        assertThat(ServiceTokenCheck.TOKENS.tokenRequests() - before).isEqualTo(1);
        assertThat(tokens.accepted()).hasSize(5);
        assertThat(tokens.refused()).isEmpty();
    }

    @Test
    void anUnreachableTokenEndpointIsAnUnknownOutcomeAndNoRequestLeaves() {
        // Nothing listens on port 1 of the loopback: connection refused, as with auth-service down.
        ServiceTokenCheck tokens = new ServiceTokenCheck("inventory.reservations", "http://127.0.0.1:1/oauth2/token");
        RestClient.Builder builder = tokens.builder("http://inventory-service");
        MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();

        assertThatThrownBy(() -> inventory(builder).confirm("order-1"))
                .isInstanceOf(ServiceTokenUnavailableException.class)
                .isInstanceOf(ParticipantUnavailableException.class)
                .hasMessageStartingWith("inventory confirm: no service token");
        server.verify();
        assertThat(tokens.accepted()).isEmpty();
        assertThat(tokens.refused()).isEmpty();
    }

    @Test
    void aParticipantsUnauthorizedAnswerDropsTheTokenAndTheNextCallFetchesANewOne() {
        ServiceTokenCheck tokens = new ServiceTokenCheck("inventory.reservations");
        RestClient.Builder builder = tokens.builder("http://inventory-service");
        List<String> sent = new ArrayList<>();
        builder.requestInterceptor((request, body, execution) -> {
            sent.add(request.getHeaders().getFirst("Authorization"));
            return execution.execute(request, body);
        });
        MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
        InventoryClient inventory = inventory(builder);
        server.expect(requestTo(CONFIRM))
                .andRespond(withStatus(HttpStatus.UNAUTHORIZED)
                        .header("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        server.expect(requestTo(CONFIRM)).andRespond(withSuccess());
        int before = ServiceTokenCheck.TOKENS.tokenRequests();

        assertThatThrownBy(() -> inventory.confirm("order-1"))
                .as("bounded by the saga like any unexpected answer, not retried in the call")
                .isInstanceOf(UnexpectedParticipantResponseException.class)
                .hasMessageStartingWith("inventory confirm answered 401");
        inventory.confirm("order-1");

        server.verify();
        assertThat(ServiceTokenCheck.TOKENS.tokenRequests() - before).isEqualTo(2);
        assertThat(sent).hasSize(2).doesNotHaveDuplicates();
    }

    private static InventoryClient inventory(RestClient.Builder builder) {
        return new InventoryClient(builder.build(), calls("inventory", CircuitBreaker.ofDefaults("inventory")));
    }
}
