package io.orderly.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Orderly's problem vocabulary, shared by the MVC services and the gateway: every problem
 * {@code type} is {@link #BASE} followed by a slug, and an error that has no slug of its own gets
 * the slug of its status from one table.
 */
public final class ProblemTypes {

    /** Every problem type is this base followed by its slug. */
    public static final String BASE = "https://orderly.io/problems/";

    /**
     * The member naming the trace of the request that got the problem: the id to look up in Zipkin,
     * and to find in every log line of every service the request crossed.
     */
    public static final String TRACE_ID = "traceId";

    /** The slug of a 5xx the table does not name: the server failed, and says no more. */
    public static final String INTERNAL_ERROR = "internal-error";

    private ProblemTypes() {}

    public static URI type(String slug) {
        return URI.create(BASE + slug);
    }

    /** The slug of a status: its name in the table, else {@code internal-error} or {@code http-<code>}. */
    public static String slugFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "unprocessable-content";
            case 429 -> "too-many-requests";
            case 502 -> "bad-gateway";
            case 503 -> "service-unavailable";
            case 504 -> "gateway-timeout";
            default -> status.is5xxServerError() ? INTERNAL_ERROR : "http-" + status.value();
        };
    }

    /** The default title of a status: its reason phrase, or {@code HTTP <code>} for a code HTTP does not name. */
    public static String titleFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP " + status.value() : known.getReasonPhrase();
    }

    /**
     * The id of the trace the current request is part of (32 hex digits), or null outside a trace:
     * what {@link #problem} puts under {@link #TRACE_ID}, for the few places that write a problem's
     * JSON themselves.
     */
    public static String currentTraceId() {
        return CurrentTrace.id();
    }

    /** A problem detail of type {@code BASE + slug}, with the current trace's id when there is one. */
    public static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        String traceId = currentTraceId();
        if (traceId != null) {
            problem.setProperty(TRACE_ID, traceId);
        }
        return problem;
    }
}
