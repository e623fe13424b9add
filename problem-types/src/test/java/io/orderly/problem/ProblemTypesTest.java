package io.orderly.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

class ProblemTypesTest {

    @Test
    void aTypeIsTheBaseFollowedByTheSlug() {
        assertThat(ProblemTypes.BASE).isEqualTo("https://orderly.io/problems/");
        assertThat(ProblemTypes.type("insufficient-stock"))
                .isEqualTo(URI.create("https://orderly.io/problems/insufficient-stock"));
    }

    @ParameterizedTest
    @CsvSource({
        "400, bad-request",
        "401, unauthorized",
        "403, forbidden",
        "404, not-found",
        "405, method-not-allowed",
        "406, not-acceptable",
        "409, conflict",
        "413, payload-too-large",
        "415, unsupported-media-type",
        "422, unprocessable-content",
        "429, too-many-requests",
        "502, bad-gateway",
        "503, service-unavailable",
        "504, gateway-timeout"
    })
    void aNamedStatusHasItsSlug(int status, String slug) {
        assertThat(ProblemTypes.slugFor(HttpStatusCode.valueOf(status))).isEqualTo(slug);
    }

    @ParameterizedTest
    @CsvSource({"500, internal-error", "501, internal-error", "599, internal-error", "418, http-418"})
    void anUnnamedStatusFallsBackOnItsClass(int status, String slug) {
        assertThat(ProblemTypes.slugFor(HttpStatusCode.valueOf(status))).isEqualTo(slug);
    }

    @Test
    void theDefaultTitleIsTheReasonPhrase() {
        assertThat(ProblemTypes.titleFor(HttpStatus.NOT_FOUND)).isEqualTo("Not Found");
        assertThat(ProblemTypes.titleFor(HttpStatusCode.valueOf(599))).isEqualTo("HTTP 599");
    }

    @Test
    void aProblemCarriesTypeTitleStatusAndDetail() {
        var problem = ProblemTypes.problem(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock", "Only 2.");
        assertThat(problem.getType()).isEqualTo(ProblemTypes.type("insufficient-stock"));
        assertThat(problem.getTitle()).isEqualTo("Insufficient stock");
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getDetail()).isEqualTo("Only 2.");
        assertThat(problem.getInstance()).isNull();
    }

    @Test
    void aProblemInsideATraceNamesItsTraceId() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Span span = Span.wrap(
                SpanContext.create(traceId, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));
        try (Scope ignored = span.makeCurrent()) {
            ProblemDetail problem = ProblemTypes.problem(HttpStatus.CONFLICT, "conflict", "Conflict", "detail");
            assertThat(problem.getProperties()).containsEntry(ProblemTypes.TRACE_ID, traceId);
        }
    }

    @Test
    void aProblemOutsideATraceHasNoTraceId() {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.CONFLICT, "conflict", "Conflict", "detail");

        assertThat(problem.getProperties()).isNull();
    }
}
