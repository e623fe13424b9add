package io.orderly.order.participant;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.function.Supplier;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The guard around every call to one participant: in-call retries with backoff inside a circuit
 * breaker (breaker outside, so one logical call counts once), and the translation of every way a
 * call can fail into a success, a refusal, or a {@link ParticipantException}.
 */
final class ParticipantCalls {

    private final String name;
    private final Retry retry;
    private final CircuitBreaker breaker;

    ParticipantCalls(String name, Retry retry, CircuitBreaker breaker) {
        this.name = name;
        this.retry = retry;
        this.breaker = breaker;
    }

    <T> T call(String what, Supplier<T> call) {
        Supplier<T> translated = () -> {
            try {
                return call.get();
            } catch (OAuth2AuthorizationException e) {
                // No service token: auth-service unreachable or refusing. The request never left.
                throw new ServiceTokenUnavailableException(
                        name + " " + what + ": no service token: " + e.getMessage(), e);
            } catch (RestClientException e) {
                throw new ParticipantUnavailableException(name + " " + what + ": " + e.getMessage(), e);
            } catch (IllegalStateException e) {
                // Spring Cloud's blocking load balancer: "No instances available for <service>".
                throw new NoInstanceAvailableException(name + " " + what + ": " + e.getMessage(), e);
            }
        };
        try {
            return CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, translated))
                    .get();
        } catch (CallNotPermittedException e) {
            throw new ParticipantUnavailableException(name + " " + what + ": circuit breaker open", e);
        }
    }

    /** The exception for an answer that is neither a success nor a refusal the caller understood. */
    ParticipantException failure(String what, HttpStatusCode status, Problem problem) {
        String message = name + " " + what + " answered " + status.value()
                + (problem.slug() == null ? "" : " " + problem.slug())
                + (problem.detail() == null ? "" : ": " + problem.detail());
        if (status.is5xxServerError() || status.value() == 429) {
            return new ParticipantUnavailableException(message, null);
        }
        return new UnexpectedParticipantResponseException(message);
    }

    /** Reads an RFC 9457 body leniently: an unreadable body gives an empty problem. */
    static Problem problemOf(RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response) {
        try {
            Problem problem = response.bodyTo(Problem.class);
            return problem == null ? Problem.NONE : problem;
        } catch (RuntimeException e) {
            return Problem.NONE;
        }
    }

    static boolean is(HttpStatusCode status, int expected, Problem problem, String slug) {
        return status.value() == expected && slug.equals(problem.slug());
    }

    /** The fields of a problem detail that the saga reads. */
    record Problem(String type, String detail) {

        static final Problem NONE = new Problem(null, null);

        String slug() {
            return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
        }
    }
}
