package io.orderly.lifecycle.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import java.util.function.Function;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * The observations that are housekeeping, not a user's work, and would otherwise fill the trace
 * store with one trace per poll: requests to the management endpoints (health checks every second,
 * Prometheus scrapes) and to the registry (heartbeats, fetches, peer replication) with the security
 * checks of those requests, calls to the registry, and scheduled tasks started by a timer (a
 * recovery poll, a clean-up). A saga step the
 * recovery worker resumes is traced on its own, under the order's trace. Declined observations are
 * neither traced nor timed.
 */
final class UntracedWork {

    static final String SCHEDULED_TASK = "tasks.scheduled.execution";
    static final String SECURITY = "spring.security.";

    private UntracedWork() {}

    /** Whether a server request to this path is housekeeping. */
    static boolean housekeepingPath(String path) {
        return path != null && (isUnder(path, "/actuator") || isUnder(path, "/eureka"));
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /**
     * Declines registry calls made with Spring's HTTP clients, timer-started scheduled tasks, and
     * security checks outside a traced request.
     */
    static ObservationPredicate clientsAndTimers() {
        return (name, context) -> {
            if (context instanceof ClientRequestObservationContext client && client.getCarrier() != null) {
                return !client.getCarrier().getURI().getPath().contains("/eureka/");
            }
            boolean root = context.getParentObservation() == null;
            // A security check outside any traced request is one of a housekeeping request (a
            // registry heartbeat's Basic authentication, whose request was declined above).
            return !(root && (SCHEDULED_TASK.equals(name) || name.startsWith(SECURITY)));
        };
    }

    /** Declines observations of server requests whose path the given function reads as housekeeping. */
    static <C extends Observation.Context> ObservationPredicate serverRequests(
            Class<C> type, Function<C, String> path) {
        return (name, context) -> !(type.isInstance(context) && housekeepingPath(path.apply(type.cast(context))));
    }
}
