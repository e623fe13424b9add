package io.orderly.web.problem;

import io.orderly.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every framework error and every {@link ProblemException} into an RFC 9457 problem detail
 * with a stable type slug; a ProblemException arrives through the base class's handling of
 * ErrorResponseException, so that its headers go out too. A database that cannot be reached is a
 * 503 with {@code Retry-After}, not a 500. Ordered last, so that a service's own advice can map its
 * domain exceptions first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final String unavailableRetryAfter;

    public ProblemExceptionHandler(WebProblemsProperties properties) {
        // Retry-After takes whole seconds; round up so that a client never comes back early.
        Duration retryAfter = properties.unavailableRetryAfter();
        long seconds = Math.max(1, retryAfter.plusMillis(999).toSeconds());
        this.unavailableRetryAfter = Long.toString(seconds);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex) {
        List<Problems.FieldError> errors = ex.getConstraintViolations().stream()
                .map(v -> new Problems.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Problems.FieldError::field))
                .toList();
        return ResponseEntity.badRequest()
                .body(Problems.validation(HttpStatus.BAD_REQUEST, "The request has invalid fields.", errors));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) {
        Throwable unavailable = DatabaseUnavailable.cause(ex);
        if (unavailable != null) {
            return databaseUnavailable(request, unavailable);
        }
        log.error("Unexpected error", ex);
        return ResponseEntity.internalServerError()
                .body(Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        ProblemTypes.INTERNAL_ERROR,
                        "Internal Server Error",
                        "The server could not complete the request."));
    }

    /**
     * The database is gone for now (restarting, unreachable, out of connections): the request may be
     * repeated later. An outage is not a bug, so one WARN line without a stack trace: during an outage
     * every request ends here, and what failed is already in the cause's message.
     */
    private ResponseEntity<ProblemDetail> databaseUnavailable(HttpServletRequest request, Throwable cause) {
        Throwable root = cause;
        for (int depth = 0; depth < 16 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        log.warn(
                "{} {} answered 503, the database is unavailable: {}{}",
                request.getMethod(),
                request.getRequestURI(),
                oneLine(cause),
                root == cause ? "" : " (" + oneLine(root) + ")");
        HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, unavailableRetryAfter)
                .body(Problems.of(
                        status,
                        ProblemTypes.slugFor(status),
                        "Service unavailable",
                        "The service cannot reach its database right now; retry later."));
    }

    private static String oneLine(Throwable t) {
        return t.toString().replaceAll("\\s+", " ");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = toProblem(ex, status);
        // A ProblemException is a deliberate answer, not a failure to log.
        if (status.is5xxServerError() && !(ex instanceof ProblemException)) {
            log.error("Request failed with {}", status.value(), ex);
        }
        return super.handleExceptionInternal(
                ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    private ProblemDetail toProblem(Exception ex, HttpStatusCode status) {
        return switch (ex) {
            // Reaches here as an ErrorResponseException, with its headers: its body is the answer.
            case ProblemException e -> e.getBody();
            case MethodArgumentNotValidException e ->
                Problems.validation(status, "The request body has invalid fields.", fieldErrors(e.getBindingResult()));
            case HandlerMethodValidationException e ->
                Problems.validation(status, "The request has invalid parameters.", parameterErrors(e));
            case HttpMessageNotReadableException e
            when oversizedBody(e) != null -> tooLarge(oversizedBody(e).limit());
            case HttpMessageNotReadableException e ->
                Problems.of(
                        status,
                        "malformed-request",
                        "Malformed request body",
                        "The request body is missing, is not valid JSON, or a value has the wrong type.");
            case HttpMediaTypeNotSupportedException e ->
                Problems.of(
                        status,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "Content type '" + e.getContentType() + "' is not supported; send application/json.");
            case HttpMediaTypeNotAcceptableException e ->
                Problems.of(
                        status,
                        "not-acceptable",
                        "Not acceptable",
                        "No acceptable representation; accept application/json.");
            case HttpRequestMethodNotSupportedException e ->
                Problems.of(
                        status,
                        "method-not-allowed",
                        "Method not allowed",
                        "Method " + e.getMethod() + " is not supported here.");
            case MissingRequestHeaderException e ->
                Problems.of(
                        status,
                        "missing-header",
                        "Missing header",
                        "Required header '" + e.getHeaderName() + "' is not present.");
            case MissingServletRequestParameterException e ->
                Problems.of(
                        status,
                        "missing-parameter",
                        "Missing parameter",
                        "Required parameter '" + e.getParameterName() + "' is not present.");
            case TypeMismatchException e ->
                Problems.of(
                        status,
                        "invalid-parameter",
                        "Invalid parameter",
                        "Parameter '" + e.getPropertyName() + "' has an invalid value.");
            case NoResourceFoundException e ->
                Problems.of(status, "not-found", "Not found", "No resource at " + e.getResourcePath() + ".");
            default ->
                Problems.of(status, ProblemTypes.slugFor(status), ProblemTypes.titleFor(status), detailFor(ex, status));
        };
    }

    /** The refusal of the counting request stream, if that is what the message converter wrapped. */
    private static @Nullable PayloadTooLargeException oversizedBody(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException p) {
                return p;
            }
        }
        return null;
    }

    private static ProblemDetail tooLarge(long limit) {
        return new PayloadTooLargeException(limit).getBody();
    }

    private static List<Problems.FieldError> fieldErrors(Errors result) {
        List<Problems.FieldError> errors = new ArrayList<>();
        result.getFieldErrors().forEach(e -> errors.add(new Problems.FieldError(e.getField(), e.getDefaultMessage())));
        result.getGlobalErrors()
                .forEach(e -> errors.add(new Problems.FieldError(e.getObjectName(), e.getDefaultMessage())));
        errors.sort(Comparator.comparing(Problems.FieldError::field));
        return errors;
    }

    private static List<Problems.FieldError> parameterErrors(HandlerMethodValidationException ex) {
        List<Problems.FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bound) {
                errors.addAll(fieldErrors(bound));
                return;
            }
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors()
                    .forEach(e -> errors.add(
                            new Problems.FieldError(name == null ? "parameter" : name, e.getDefaultMessage())));
        });
        errors.sort(Comparator.comparing(Problems.FieldError::field));
        return errors;
    }

    private static String leaf(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String detailFor(Exception ex, HttpStatusCode status) {
        if (status.is5xxServerError()) {
            return "The server could not complete the request.";
        }
        return ProblemTypes.titleFor(status) + ".";
    }
}
