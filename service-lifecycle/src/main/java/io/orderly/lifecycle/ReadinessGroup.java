package io.orderly.lifecycle;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;

/**
 * Whether the instance is ready, asked the way its readiness probe asks: the application accepts
 * traffic, and its {@code readiness} health group ({@code /actuator/health/readiness}, with
 * whatever that includes, such as the database) is UP where that group exists.
 */
final class ReadinessGroup implements BooleanSupplier {

    static final String GROUP = "readiness";

    private final ApplicationAvailability availability;
    private final Supplier<Optional<Status>> groupStatus;

    ReadinessGroup(ApplicationAvailability availability, Supplier<Optional<Status>> groupStatus) {
        this.availability = availability;
        this.groupStatus = groupStatus;
    }

    @Override
    public boolean getAsBoolean() {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return false;
        }
        return groupStatus.get().map(Status.UP::equals).orElse(true);
    }
}
