package io.orderly.loadbalancer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Feeds {@link InstanceStatsRegistry} from Spring Cloud LoadBalancer's request lifecycle, which
 * both the gateway's {@code ReactiveLoadBalancerClientFilter} (RequestDataContext, ResponseData)
 * and the blocking client behind {@code @LoadBalanced RestClient.Builder} (DefaultRequestContext,
 * Object) call: {@code onStartRequest} once an instance is chosen, {@code onComplete} when the
 * exchange ends.
 */
public class InstanceStatsLifecycle implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

    private final InstanceStatsRegistry registry;

    public InstanceStatsLifecycle(InstanceStatsRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
        return ServiceInstance.class.isAssignableFrom(serverTypeClass);
    }

    @Override
    public void onStart(Request<Object> request) {
        // Nothing is known about the instance yet.
    }

    @Override
    public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
        if (request != null && lbResponse != null && lbResponse.hasServer()) {
            registry.requestStarted(request, lbResponse.getServer());
        }
    }

    @Override
    public void onComplete(CompletionContext<Object, ServiceInstance, Object> completionContext) {
        Request<Object> request = completionContext.getLoadBalancerRequest();
        if (request == null) {
            return;
        }
        Response<ServiceInstance> lbResponse = completionContext.getLoadBalancerResponse();
        ServiceInstance instance = lbResponse != null && lbResponse.hasServer() ? lbResponse.getServer() : null;
        registry.requestFinished(request, instance, outcomeOf(completionContext));
    }

    static Outcome outcomeOf(CompletionContext<?, ?, ?> context) {
        return switch (context.status()) {
            case DISCARD -> Outcome.DISCARDED;
            case FAILED -> isConnectFailure(context.getThrowable()) ? Outcome.CONNECT_FAILURE : Outcome.FAILURE;
            case SUCCESS -> isServerError(context.getClientResponse()) ? Outcome.FAILURE : Outcome.SUCCESS;
        };
    }

    /** The instance was never reached: refused, unroutable, unresolvable, or the connect timed out. */
    static boolean isConnectFailure(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Netty's AnnotatedConnectException and ConnectTimeoutException are ConnectExceptions.
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isServerError(Object clientResponse) {
        HttpStatusCode status = null;
        if (clientResponse instanceof ResponseData data) {
            status = data.getHttpStatus();
        } else if (clientResponse instanceof ClientHttpResponse response) {
            try {
                status = response.getStatusCode();
            } catch (IOException ex) {
                return true;
            }
        }
        return status != null && status.is5xxServerError();
    }
}
