package io.orderly.security;

import io.orderly.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token that cannot be checked because auth-service's keys cannot be fetched (auth-service down,
 * before the service has ever cached them) is the service's trouble, not the caller's: 503 with
 * {@code Retry-After}, as for a database that is gone. Spring's bearer filter rethrows that failure
 * ({@link AuthenticationServiceException}) and offers no setting for it, which would end as a 500;
 * this filter, just before it, answers instead.
 */
final class KeysUnavailable extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(KeysUnavailable.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException e) {
            if (response.isCommitted()) {
                throw e;
            }
            log.warn("Cannot check a bearer token: {}", e.getMessage());
            response.resetBuffer();
            response.setHeader("Retry-After", "1");
            BearerProblems.write(
                    request,
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.slugFor(HttpStatus.SERVICE_UNAVAILABLE),
                    "The keys that check bearer tokens cannot be fetched from auth-service right now; retry shortly.",
                    true);
        }
    }
}
