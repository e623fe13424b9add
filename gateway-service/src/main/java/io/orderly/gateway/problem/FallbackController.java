package io.orderly.gateway.problem;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR;

import io.orderly.problem.ProblemTypes;
import java.net.URI;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a route's circuit breaker sends a request it will not forward: the breaker is open, or
 * no instance could take the call after the retries. Answers 503 at once, as a problem detail.
 * The path is only a target of the breaker's internal {@code forward:}; a client asking for it
 * directly gets the 404 of any unknown path, which does not echo what it asked for.
 */
@RestController
class FallbackController {

    private final JsonMapper json;

    FallbackController(JsonMapper json) {
        this.json = json;
    }

    @RequestMapping("/fallback/{service}")
    ResponseEntity<?> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        // The breaker's filter puts the failure it caught on the exchange before it forwards here.
        if (exchange.getAttribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR) == null) {
            return notFound();
        }
        Object original = exchange.getAttribute(GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
        String path = original instanceof Set<?> urls && !urls.isEmpty()
                ? ((URI) urls.iterator().next()).getPath()
                : null;
        ProblemDetail problem = GatewayProblems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.slugFor(HttpStatus.SERVICE_UNAVAILABLE),
                "Service unavailable",
                service + " is unavailable right now; retry later.",
                path);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", "1")
                .body(problem);
    }

    /** Written as text: WebFlux would fill a ProblemDetail's missing instance with the request path. */
    private ResponseEntity<String> notFound() {
        HttpStatus status = HttpStatus.NOT_FOUND;
        ProblemDetail problem =
                GatewayProblems.of(status, ProblemTypes.slugFor(status), "Not found", "No route for this path.", null);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(json.writeValueAsString(problem));
    }
}
