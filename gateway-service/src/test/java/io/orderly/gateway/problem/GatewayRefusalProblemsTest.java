package io.orderly.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** A refusal a gateway filter completes empty gets its problem body; a service's own answer does not. */
class GatewayRefusalProblemsTest {

    final GatewayRefusalProblems filter =
            new GatewayRefusalProblems(JsonMapper.builder().build());
    final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/things"));

    @Test
    void anEmpty429BecomesATooManyRequestsProblemThatKeepsRetryAfter() {
        run(refused -> {
            refused.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            refused.getResponse().getHeaders().set("Retry-After", "1");
            return refused.getResponse().setComplete();
        });

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(body())
                .contains(
                        "\"type\":\"https://orderly.io/problems/too-many-requests\"",
                        "retry in 1 s",
                        "\"instance\":\"/api/things\"");
    }

    @Test
    void anEmpty413BecomesAPayloadTooLargeProblemWhoseDetailIsTheFiltersMessage() {
        run(refused -> {
            refused.getResponse().setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
            refused.getResponse().getHeaders().set("errorMessage", "Request size is larger than permissible limit");
            return refused.getResponse().setComplete();
        });

        assertThat(exchange.getResponse().getHeaders().containsHeader("errorMessage"))
                .isFalse();
        assertThat(body())
                .contains(
                        "\"type\":\"https://orderly.io/problems/payload-too-large\"",
                        "\"detail\":\"Request size is larger than permissible limit.\"");
    }

    @Test
    void aServicesOwn429WithItsBodyPassesUntouched() {
        run(served -> {
            served.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            served.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
            byte[] own = "{\"own\":true}".getBytes(StandardCharsets.UTF_8);
            return served.getResponse()
                    .writeWith(Mono.just(served.getResponse().bufferFactory().wrap(own)));
        });

        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(body()).isEqualTo("{\"own\":true}");
    }

    @Test
    void anotherEmptyStatusStaysEmpty() {
        run(other -> {
            other.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
            return other.getResponse().setComplete();
        });

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(body()).isEmpty();
    }

    private void run(WebFilterChain chain) {
        filter.filter(exchange, chain).block();
    }

    private String body() {
        return exchange.getResponse().getBodyAsString().defaultIfEmpty("").block();
    }
}
