package io.orderly.gateway.problem;

import io.orderly.problem.ProblemTypes;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a body to the refusals that gateway filters answer with a bare status: Spring Cloud Gateway's
 * {@code RequestRateLimiter} (429) and {@code RequestSize} (413), and the gateway's
 * {@code ChunkedBodyLimit} (413), Spring Security's bearer-token refusals (401, 403, with their
 * {@code WWW-Authenticate} header) and its firewall (400) complete the response empty; here it becomes a problem detail. A
 * service's own 413 or 429 is written with its body, not completed empty, and passes untouched.
 *
 * <p>Those filters refuse by completing rather than by failing on purpose: inside a route's circuit
 * breaker an error would count against the service and end in the breaker's 503 fallback.
 */
@Component
class GatewayRefusalProblems implements WebFilter, Ordered {

    /** The header {@code RequestSize} explains its refusal in; its text becomes the problem's detail. */
    static final String ERROR_MESSAGE = "errorMessage";

    private final JsonMapper json;

    GatewayRefusalProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> setComplete() {
                ProblemDetail problem = isCommitted() ? null : problemFor(getStatusCode(), getHeaders(), path);
                if (problem == null) {
                    return super.setComplete();
                }
                getHeaders().remove(ERROR_MESSAGE);
                getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
                byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
                getHeaders().setContentLength(body.length);
                return writeWith(Mono.just(bufferFactory().wrap(body)));
            }
        };
        return chain.filter(exchange.mutate().response(response).build());
    }

    private static ProblemDetail problemFor(HttpStatusCode status, HttpHeaders headers, String path) {
        if (status == null) {
            return null;
        }
        String slug = ProblemTypes.slugFor(status);
        if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
            String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
            return GatewayProblems.of(
                    status,
                    slug,
                    "Too many requests",
                    "This client has sent more requests than the gateway allows"
                            + (retryAfter == null ? "; retry later." : "; retry in " + retryAfter + " s."),
                    path);
        }
        if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
            // Spring Security's bearer entry point: the status and the RFC 6750 WWW-Authenticate
            // header (with the error and its description when a token was sent but not accepted).
            return GatewayProblems.of(
                    status,
                    slug,
                    "Unauthorized",
                    "This needs a valid bearer token from auth-service (./orderly token USER): it was missing, "
                            + "expired or not accepted.",
                    path);
        }
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()
                && headers.getFirst(HttpHeaders.WWW_AUTHENTICATE) == null
                && headers.getFirst(HttpHeaders.RETRY_AFTER) != null) {
            // The bearer check could not fetch auth-service's keys (GatewaySecurityConfiguration).
            return GatewayProblems.of(
                    status,
                    slug,
                    "Service unavailable",
                    "Tokens cannot be checked right now (auth-service's keys cannot be fetched); retry shortly.",
                    path);
        }
        if (status.value() == HttpStatus.FORBIDDEN.value()) {
            // Spring Security's bearer access-denied handler (WWW-Authenticate: insufficient_scope).
            return GatewayProblems.of(
                    status, slug, "Forbidden", "The caller's token does not allow this request.", path);
        }
        if (status.value() == HttpStatus.BAD_REQUEST.value()) {
            // Spring Security's firewall (an encoded slash, a path with "..", a bad header): the
            // request never reached a route. Its path is what was refused, so it is not echoed.
            return GatewayProblems.of(
                    status,
                    slug,
                    "Bad request",
                    "The gateway refused this request before routing it: its URL or headers are not allowed.",
                    null);
        }
        if (status.value() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
            String reason = headers.getFirst(ERROR_MESSAGE);
            return GatewayProblems.of(
                    status,
                    slug,
                    "Content too large",
                    reason == null ? "The request body is larger than the gateway accepts." : reason + ".",
                    path);
        }
        return null;
    }
}
