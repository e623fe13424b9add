package io.orderly.security;

import io.orderly.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * A refused request answers as every Orderly error does, with an RFC 9457 problem detail: 401 when
 * the token is missing, malformed, expired or not signed by auth-service, 403 when the caller may
 * not do this. Spring Security's bearer handlers set the status and the RFC 6750
 * {@code WWW-Authenticate} header (with the error code); this adds the body they leave empty.
 */
public final class BearerProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler deniedHandler = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
            throws IOException {
        entryPoint.commence(request, response, refusal);
        write(
                request,
                response,
                "unauthorized",
                "This needs a valid bearer token from auth-service (missing, " + "expired or not accepted here).");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException refusal)
            throws IOException {
        deniedHandler.handle(request, response, refusal);
        write(request, response, "forbidden", "The caller's token does not allow this request.");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, String slug, String detail)
            throws IOException {
        write(request, response, HttpStatus.valueOf(response.getStatus()), slug, detail, true);
    }

    /**
     * Writes an Orderly problem detail as the response (status, content type, body): the one place in
     * this library that does, for the bearer refusals, {@link KeysUnavailable} and the firewall's
     * refusals. {@code withInstance} false leaves the request's path out (a path that was refused).
     */
    static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String slug,
            String detail,
            boolean withInstance)
            throws IOException {
        String traceId = ProblemTypes.currentTraceId(); // 32 hex digits: nothing to escape
        String body = "{\"type\":\"" + ProblemTypes.type(slug) + "\",\"title\":\"" + ProblemTypes.titleFor(status)
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\""
                + (withInstance ? ",\"instance\":\"" + json(request.getRequestURI()) + "\"" : "")
                + (traceId == null ? "" : ",\"" + ProblemTypes.TRACE_ID + "\":\"" + traceId + "\"") + "}";
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }

    /** The request path in a JSON string: quotes, backslashes and control characters escaped. */
    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
