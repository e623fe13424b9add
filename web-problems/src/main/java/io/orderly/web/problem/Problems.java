package io.orderly.web.problem;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds Orderly's problem details: a stable {@code type} URI ending in a slug, a title and a detail. */
public final class Problems {

    /** Every problem type is this base followed by its slug. */
    public static final String TYPE_BASE = "https://orderly.io/problems/";

    private Problems() {}

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        return problem;
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
