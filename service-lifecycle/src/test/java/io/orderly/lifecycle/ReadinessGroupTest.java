package io.orderly.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;

class ReadinessGroupTest {

    final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    final AtomicInteger groupAsked = new AtomicInteger();

    @Test
    void anApplicationThatRefusesTrafficIsNotReadyWithoutAskingItsHealth() {
        readiness(ReadinessState.REFUSING_TRAFFIC);

        assertThat(group(Optional.of(Status.UP)).getAsBoolean()).isFalse();
        assertThat(groupAsked).hasValue(0);
    }

    @Test
    void anAcceptingApplicationIsReadyWhenItsReadinessGroupIsUp() {
        readiness(ReadinessState.ACCEPTING_TRAFFIC);

        assertThat(group(Optional.of(Status.UP)).getAsBoolean()).isTrue();
    }

    @Test
    void anAcceptingApplicationWhoseReadinessGroupIsDownIsNotReady() {
        readiness(ReadinessState.ACCEPTING_TRAFFIC);

        assertThat(group(Optional.of(Status.DOWN)).getAsBoolean()).isFalse();
        assertThat(group(Optional.of(Status.OUT_OF_SERVICE)).getAsBoolean()).isFalse();
    }

    @Test
    void withoutAReadinessGroupTheApplicationsReadinessStateDecides() {
        readiness(ReadinessState.ACCEPTING_TRAFFIC);

        assertThat(group(Optional.empty()).getAsBoolean()).isTrue();
    }

    private ReadinessGroup group(Optional<Status> status) {
        return new ReadinessGroup(availability, () -> {
            groupAsked.incrementAndGet();
            return status;
        });
    }

    private void readiness(ReadinessState state) {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
    }
}
