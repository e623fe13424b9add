package io.orderly.problem;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.springframework.util.ClassUtils;

/**
 * The id of the trace the current thread works for. Orderly's services trace with Micrometer
 * Tracing's OpenTelemetry bridge, which keeps the current span in OpenTelemetry's context, so
 * OpenTelemetry's static accessor answers here without a tracer being handed to every place that
 * builds a problem (exception handlers, security entry points, the gateway's error handler).
 */
final class CurrentTrace {

    private static final boolean OPEN_TELEMETRY =
            ClassUtils.isPresent("io.opentelemetry.api.trace.Span", CurrentTrace.class.getClassLoader());

    private CurrentTrace() {}

    /** The current trace id (32 hex digits), or null outside a trace or without OpenTelemetry. */
    static String id() {
        return OPEN_TELEMETRY ? OpenTelemetryTrace.id() : null;
    }

    /** Kept apart so that nothing of OpenTelemetry is loaded where it is absent. */
    private static final class OpenTelemetryTrace {
        static String id() {
            SpanContext context = Span.current().getSpanContext();
            return context.isValid() ? context.getTraceId() : null;
        }
    }
}
