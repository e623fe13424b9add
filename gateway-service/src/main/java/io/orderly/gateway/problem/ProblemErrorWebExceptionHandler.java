package io.orderly.gateway.problem;

import io.orderly.problem.ProblemTypes;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error the gateway produces itself (no route, no instance, a downstream connection
 * failure after the retries) leaves as a problem detail, never Spring's default error JSON.
 */
@Component
@Order(-2)
class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

    private final JsonMapper json;

    ProblemErrorWebExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        ProblemDetail problem = toProblem(ex, exchange.getRequest().getPath().value());
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private ProblemDetail toProblem(Throwable ex, String path) {
        if (ex instanceof ResponseStatusException rse) {
            HttpStatusCode status = rse.getStatusCode();
            String slug = ProblemTypes.slugFor(status);
            return switch (status.value()) {
                case 404 -> GatewayProblems.of(status, slug, "Not found", "No route for " + path + ".", path);
                case 405 ->
                    GatewayProblems.of(status, slug, "Method not allowed", "The method is not supported here.", path);
                case 413 ->
                    GatewayProblems.of(
                            status, slug, "Content too large", "The request body is larger than accepted.", path);
                case 429 ->
                    GatewayProblems.of(status, slug, "Too many requests", "Too many requests; retry later.", path);
                case 503 ->
                    GatewayProblems.of(
                            status,
                            slug,
                            "Service unavailable",
                            "No instance can take the request right now; retry later.",
                            path);
                case 504 ->
                    GatewayProblems.of(status, slug, "Gateway timeout", "The service did not answer in time.", path);
                default -> {
                    // Any other status is the service's failure or the client's mistake, no finer.
                    HttpStatus kind = status.is5xxServerError() ? HttpStatus.BAD_GATEWAY : HttpStatus.BAD_REQUEST;
                    String title = ProblemTypes.titleFor(status);
                    yield GatewayProblems.of(status, ProblemTypes.slugFor(kind), title, title + ".", path);
                }
            };
        }
        log.warn("Request {} failed: {}", path, ex.toString());
        HttpStatus status = HttpStatus.BAD_GATEWAY;
        return GatewayProblems.of(
                status, ProblemTypes.slugFor(status), "Bad gateway", "The service could not be reached.", path);
    }
}
