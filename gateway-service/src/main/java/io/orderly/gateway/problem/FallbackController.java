package io.orderly.gateway.problem;

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

/**
 * Where a route's circuit breaker sends a request it will not forward: the breaker is open, or
 * no instance could take the call after the retries. Answers 503 at once, as a problem detail.
 */
@RestController
class FallbackController {

    @RequestMapping("/fallback/{service}")
    ResponseEntity<ProblemDetail> unavailable(@PathVariable String service, ServerWebExchange exchange) {
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
}
