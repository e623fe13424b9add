package io.orderly.fault;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/** Answers the configured status to requests on the configured paths; lets every other request through. */
final class StatusFaultFilter extends OncePerRequestFilter {

    private final AntPathMatcher matcher = new AntPathMatcher();
    private final int status;
    private final List<String> paths;

    StatusFaultFilter(StatusFaultProperties properties) {
        this.status = properties.status();
        this.paths = properties.statusPaths();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (paths.stream().noneMatch(pattern -> matcher.match(pattern, path))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"type\":\"https://orderly.io/problems/injected-fault\",\"title\":\"Injected fault\","
                        + "\"status\":" + status + ",\"detail\":\"orderly.fault.status answered " + status
                        + " on purpose\"}");
    }
}
