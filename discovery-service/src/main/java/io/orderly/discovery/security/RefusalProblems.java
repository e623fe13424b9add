package io.orderly.discovery.security;

import io.orderly.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * A refused request answers as every Orderly error does, with an RFC 9457 problem detail: 401 with
 * {@code WWW-Authenticate: Basic} (so that a browser on the dashboard asks for the credentials), or
 * 403. Written directly, not through the error page, so that no error dispatch can replace it.
 */
final class RefusalProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "orderly-eureka";

    private final JsonMapper json;

    RefusalProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        write(
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                "unauthorized",
                "The registry needs its credentials (HTTP Basic), and these were missing or wrong.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException refusal)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "forbidden", "The registry does not allow this request.");
    }

    private void write(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.type(slug).toString());
        problem.put("title", ProblemTypes.titleFor(status));
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
