package io.orderly.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/** Each error the gateway answers itself keeps its slug, status and content type. */
class ProblemErrorWebExceptionHandlerTest {

    final ProblemErrorWebExceptionHandler handler =
            new ProblemErrorWebExceptionHandler(JsonMapper.builder().build());

    @ParameterizedTest
    @CsvSource({
        "404, not-found, Not found",
        "405, method-not-allowed, Method not allowed",
        "503, service-unavailable, Service unavailable",
        "504, gateway-timeout, Gateway timeout",
        "400, bad-request, Bad Request",
        "413, payload-too-large, Content too large",
        "429, too-many-requests, Too many requests",
        "500, bad-gateway, Internal Server Error",
        "502, bad-gateway, Bad Gateway"
    })
    void aStatusTheGatewayAnswersKeepsItsSlug(int status, String slug, String title) {
        String body = handle(new ResponseStatusException(HttpStatusCode.valueOf(status)), status);
        assertThat(body).contains("\"type\":\"https://orderly.io/problems/" + slug + "\"");
        assertThat(body).contains("\"title\":\"" + title + "\"", "\"instance\":\"/api/things\"");
    }

    @ParameterizedTest
    @CsvSource({"502, bad-gateway, Bad gateway"})
    void aServiceThatCannotBeReachedIsABadGateway(int status, String slug, String title) {
        String body = handle(new ConnectException("Connection refused"), status);
        assertThat(body)
                .contains("\"type\":\"https://orderly.io/problems/" + slug + "\"", "\"title\":\"" + title + "\"");
        assertThat(body).doesNotContain("Connection refused");
    }

    private String handle(Throwable ex, int status) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/things"));
        handler.handle(exchange, ex).block();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatusCode.valueOf(status));
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        return exchange.getResponse().getBodyAsString().block();
    }
}
