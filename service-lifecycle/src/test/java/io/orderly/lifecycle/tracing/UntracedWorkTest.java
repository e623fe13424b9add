package io.orderly.lifecycle.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class UntracedWorkTest {

    private final ObservationPredicate servlet =
            new TracingAutoConfiguration.ServletRequests().untracedServletRequests();
    private final ObservationPredicate clientsAndTimers = UntracedWork.clientsAndTimers();

    @Test
    void managementAndRegistryRequestsAreHousekeepingApiRequestsAreNot() {
        assertThat(servlet.test("http.server.requests", serverRequest("/actuator/health/readiness")))
                .isFalse();
        assertThat(servlet.test("http.server.requests", serverRequest("/eureka/apps/delta")))
                .isFalse();
        assertThat(servlet.test("http.server.requests", serverRequest("/api/orders")))
                .isTrue();
        assertThat(servlet.test("http.server.requests", serverRequest("/actuatorish")))
                .isTrue();
    }

    @Test
    void registryCallsAreNotTracedParticipantCallsAre() {
        assertThat(clientsAndTimers.test("http.client.requests", clientRequest("http://127.0.0.1:8761/eureka/apps/")))
                .isFalse();
        assertThat(clientsAndTimers.test(
                        "http.client.requests", clientRequest("http://inventory-service/reservations/o-1")))
                .isTrue();
    }

    @Test
    void aTimerStartedTaskIsNotTracedWorkInsideARequestIs() {
        assertThat(clientsAndTimers.test(UntracedWork.SCHEDULED_TASK, new Observation.Context()))
                .isFalse();

        Observation.Context insideARequest = new Observation.Context();
        insideARequest.setParentObservation(Observation.start("request", ObservationRegistry.create()));
        assertThat(clientsAndTimers.test(UntracedWork.SCHEDULED_TASK, insideARequest))
                .isTrue();
    }

    @Test
    void aSecurityCheckOfAnUntracedRequestIsNotTracedOneInsideARequestIs() {
        assertThat(clientsAndTimers.test("spring.security.authentications", new Observation.Context()))
                .isFalse();

        Observation.Context insideARequest = new Observation.Context();
        insideARequest.setParentObservation(Observation.start("http.server.requests", ObservationRegistry.create()));
        assertThat(clientsAndTimers.test("spring.security.authentications", insideARequest))
                .isTrue();
    }

    private static ServerRequestObservationContext serverRequest(String path) {
        return new ServerRequestObservationContext(
                new MockHttpServletRequest("GET", path), new MockHttpServletResponse());
    }

    private static ClientRequestObservationContext clientRequest(String uri) {
        return new ClientRequestObservationContext(new MockClientHttpRequest(HttpMethod.GET, URI.create(uri)));
    }
}
