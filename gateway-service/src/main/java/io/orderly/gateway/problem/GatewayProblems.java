package io.orderly.gateway.problem;

import io.orderly.problem.ProblemTypes;
import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Problem details the gateway itself answers with, in the same type scheme as the services. */
final class GatewayProblems {

    private GatewayProblems() {}

    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail, String path) {
        ProblemDetail problem = ProblemTypes.problem(status, slug, title, detail);
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        return problem;
    }
}
