package io.orderly.gateway.problem;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Problem details the gateway itself answers with, in the same type scheme as the services. */
final class GatewayProblems {

    static final String TYPE_BASE = "https://orderly.io/problems/";

    private GatewayProblems() {}

    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        return problem;
    }
}
