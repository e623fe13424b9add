package io.orderly.fault;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes this instance slow or narrow on purpose: each request first waits for one of
 * {@code maxConcurrency} permits (fair, so in arrival order), then for {@code delay}, and holds the
 * permit until it is answered. So a capped instance serves at most maxConcurrency / (delay +
 * service time) requests per second, whatever the CPU, which is what a scale-out benchmark needs.
 */
final class FaultInjectionFilter extends OncePerRequestFilter {

    private final Duration delay;
    private final Semaphore permits;

    FaultInjectionFilter(FaultProperties properties) {
        this.delay = properties.delay();
        this.permits = properties.maxConcurrency() > 0 ? new Semaphore(properties.maxConcurrency(), true) : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            if (permits != null) {
                permits.acquire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("Interrupted while waiting for a fault-injection permit", e);
        }
        try {
            if (delay.isPositive()) {
                Thread.sleep(delay);
            }
            chain.doFilter(request, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("Interrupted during an injected delay", e);
        } finally {
            if (permits != null) {
                permits.release();
            }
        }
    }
}
