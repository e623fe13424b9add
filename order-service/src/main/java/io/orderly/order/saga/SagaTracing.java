package io.orderly.order.saga;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Keeps a saga in the trace of the request that placed its order. The placing request's trace
 * context is written with the saga (a W3C {@code traceparent}); every drive of the saga, the first
 * one in the background and each one the recovery worker makes later, on whichever instance, is an
 * observation continued from that context, so the participant calls it makes are spans of the
 * order's trace. Done with Micrometer's own pieces (the tracer's propagator writes and reads the
 * context, a receiver observation continues it) rather than by hand.
 */
@Component
class SagaTracing {

    static final String OBSERVATION = "orderly.saga.drive";
    static final String TRACE_PARENT = "traceparent";

    private final ObservationRegistry observations;
    private final Tracer tracer;
    private final Propagator propagator;

    SagaTracing(
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** The current trace context as a W3C {@code traceparent}, or null outside a trace. */
    String currentTraceParent() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACE_PARENT);
    }

    /** The trace id in a {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    static String traceIdOf(String traceParent) {
        if (traceParent == null) {
            return null;
        }
        String[] parts = traceParent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    /** Runs one drive of the saga as a span of its order's trace. */
    <T> T drive(SagaSnapshot saga, String owner, boolean resumed, Supplier<T> work) {
        return Observation.createNotStarted(OBSERVATION, () -> continued(saga.traceParent()), observations)
                .contextualName(resumed ? "saga resume" : "saga drive")
                .lowCardinalityKeyValue("orderly.saga.drive", resumed ? "resumed" : "new")
                .highCardinalityKeyValue("orderly.order.id", saga.orderId())
                .highCardinalityKeyValue("orderly.saga.owner", owner)
                .highCardinalityKeyValue("orderly.saga.state", saga.state().name())
                .observe(work);
    }

    private static ReceiverContext<Map<String, String>> continued(String traceParent) {
        ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
        context.setCarrier(traceParent == null ? Map.of() : Map.of(TRACE_PARENT, traceParent));
        return context;
    }
}
