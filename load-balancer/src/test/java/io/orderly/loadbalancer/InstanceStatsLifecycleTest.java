package io.orderly.loadbalancer;

import static io.orderly.loadbalancer.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.CompletionContext.Status;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultRequestContext;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycleValidator;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.ResourceAccessException;

class InstanceStatsLifecycleTest {

    private final FakeTicker ticker = new FakeTicker();

    private final InstanceStatsRegistry registry =
            new InstanceStatsRegistry(LoadBalancingProperties.defaults(), ticker);

    private final InstanceStatsLifecycle lifecycle = new InstanceStatsLifecycle(registry);

    private final ServiceInstance instance = instance("a", 8081);

    @Test
    void isCalledByTheBlockingClientAndByTheGatewayFilter() {
        Map<String, LoadBalancerLifecycle> beans = Map.of("stats", lifecycle);
        // The classes BlockingLoadBalancerClient and ReactiveLoadBalancerClientFilter pass in.
        assertThat(LoadBalancerLifecycleValidator.getSupportedLifecycleProcessors(
                        beans, DefaultRequestContext.class, Object.class, ServiceInstance.class))
                .containsExactly(lifecycle);
        assertThat(LoadBalancerLifecycleValidator.getSupportedLifecycleProcessors(
                        beans, RequestDataContext.class, ResponseData.class, ServiceInstance.class))
                .containsExactly(lifecycle);
    }

    @Test
    void countsTheRequestInFlightUntilItCompletesAndRecordsItsLatency() {
        DefaultRequest<Object> request = new DefaultRequest<>(new DefaultRequestContext());
        lifecycle.onStart(request);
        lifecycle.onStartRequest(request, new DefaultResponse(instance));
        assertThat(registry.stats(instance).inFlight()).isEqualTo(1);

        ticker.advance(Duration.ofMillis(30));
        lifecycle.onComplete(new CompletionContext<>(
                Status.SUCCESS, request, new DefaultResponse(instance), responseWith(HttpStatus.OK)));

        assertThat(registry.stats(instance).inFlight()).isZero();
        assertThat(registry.stats(instance).latencyNanos(ticker.nanoTime())).isEqualTo(30e6);
    }

    @Test
    void tellsRequestsWithEqualContextsApart() {
        DefaultRequest<Object> first = new DefaultRequest<>(new DefaultRequestContext());
        DefaultRequest<Object> second = new DefaultRequest<>(new DefaultRequestContext());
        lifecycle.onStartRequest(first, new DefaultResponse(instance));
        lifecycle.onStartRequest(second, new DefaultResponse(instance));

        assertThat(registry.stats(instance).inFlight()).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionEvenWhenWrappedIsAConnectFailure() {
        Throwable refused = new ResourceAccessException("I/O error", new ConnectException("Connection refused"));

        assertThat(outcomeOf(Status.FAILED, refused, null)).isEqualTo(Outcome.CONNECT_FAILURE);
    }

    @Test
    void aReadTimeoutIsAnOrdinaryFailure() {
        Throwable timeout = new ResourceAccessException("I/O error", new SocketTimeoutException("Read timed out"));

        assertThat(outcomeOf(Status.FAILED, timeout, null)).isEqualTo(Outcome.FAILURE);
    }

    @Test
    void aServerErrorAnswerIsAFailureAndAClientErrorIsNot() {
        assertThat(outcomeOf(Status.SUCCESS, null, responseWith(HttpStatus.SERVICE_UNAVAILABLE)))
                .isEqualTo(Outcome.FAILURE);
        assertThat(outcomeOf(Status.SUCCESS, null, responseWith(HttpStatus.NOT_FOUND)))
                .isEqualTo(Outcome.SUCCESS);
        assertThat(outcomeOf(Status.SUCCESS, null, "some other response")).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void aRequestThatFoundNoInstanceIsDiscarded() {
        assertThat(outcomeOf(Status.DISCARD, null, null)).isEqualTo(Outcome.DISCARDED);
    }

    @Test
    void aRefusalReportedThroughTheLifecycleEjects() {
        DefaultRequest<Object> request = new DefaultRequest<>(new DefaultRequestContext());
        lifecycle.onStartRequest(request, new DefaultResponse(instance));
        lifecycle.onComplete(new CompletionContext<>(
                Status.FAILED, new ConnectException("Connection refused"), request, new DefaultResponse(instance)));

        assertThat(registry.stats(instance).isEjected(ticker.nanoTime())).isTrue();
    }

    private static Outcome outcomeOf(Status status, Throwable throwable, Object clientResponse) {
        return InstanceStatsLifecycle.outcomeOf(new CompletionContext<>(
                status, throwable, new DefaultRequest<>(new DefaultRequestContext()), null, clientResponse));
    }

    private static ResponseData responseWith(HttpStatus status) {
        return new ResponseData(status, new HttpHeaders(), null, null);
    }
}
