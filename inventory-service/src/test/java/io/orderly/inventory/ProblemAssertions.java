package io.orderly.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Assertions on the RFC 9457 problem details every refused request must get. */
public final class ProblemAssertions {

    private ProblemAssertions() {}

    /** The response is {@code application/problem+json} with this status and a type ending in this slug. */
    public static void assertProblem(MvcTestResult result, int status, String slug) {
        assertThat(result).hasStatus(status);
        assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("https://orderly.io/problems/" + slug);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
        assertThat(result).bodyText().doesNotContain("Exception", "\tat ");
    }

    /** A 400 validation problem that names each of these fields in its {@code errors} list. */
    public static void assertValidationProblem(MvcTestResult result, String... fields) {
        assertProblem(result, 400, "validation-failed");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.errors[*].field")
                .asArray()
                .contains((Object[]) fields);
        assertThat(result)
                .bodyJson()
                .extractingPath("$.errors[*].message")
                .asArray()
                .doesNotContainNull();
    }
}
