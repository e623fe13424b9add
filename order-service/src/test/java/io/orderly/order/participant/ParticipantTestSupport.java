package io.orderly.order.participant;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.ResponseCreator;
import org.springframework.test.web.client.response.MockRestResponseCreators;
import tools.jackson.databind.json.JsonMapper;

/** What the client tests share: the guard as application.yml configures it (with short waits), and answers. */
final class ParticipantTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ParticipantTestSupport() {}

    static ParticipantCalls calls(String name, CircuitBreaker breaker) {
        Retry retry = Retry.of(
                name,
                RetryConfig.custom()
                        .maxAttempts(3)
                        .waitDuration(Duration.ofMillis(1))
                        .retryExceptions(ParticipantUnavailableException.class)
                        .build());
        return new ParticipantCalls(name, retry, breaker);
    }

    static ResponseCreator problem(HttpStatus status, String slug, String detail) {
        return MockRestResponseCreators.withStatus(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(JSON.writeValueAsString(
                        Map.of("type", "https://orderly.io/problems/" + slug, "title", slug, "detail", detail)));
    }

    static ResponseCreator json(HttpStatus status, Object body) {
        return MockRestResponseCreators.withStatus(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(body));
    }
}
