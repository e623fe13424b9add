package io.orderly.web.problem;

import io.orderly.problem.ProblemTypes;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds Orderly's problem details: a stable {@code type} URI ending in a slug, a title and a detail
 * (the vocabulary itself is {@link ProblemTypes}, shared with the gateway).
 */
public final class Problems {

    /** Every problem type is this base followed by its slug. */
    public static final String TYPE_BASE = ProblemTypes.BASE;

    private Problems() {}

    public static URI type(String slug) {
        return ProblemTypes.type(slug);
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        return ProblemTypes.problem(status, slug, title, detail);
    }

    /** A validation problem with the offending fields listed under {@code errors}. */
    public static ProblemDetail validation(HttpStatusCode status, String detail, List<FieldError> errors) {
        ProblemDetail problem = of(status, "validation-failed", "Validation failed", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** One entry of a validation problem's {@code errors} list. */
    public record FieldError(String field, String message) {}
}
