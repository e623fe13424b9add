package io.orderly.systemtest;

import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Observable routing: a gateway sends reads of a path to an instance when that instance's own
 * {@code http.server.requests} count for the path's URI template rises. Used instead of a fixed
 * wait for registry views and balancer caches to refresh.
 */
final class Routing {

    /** A public read and the URI template its service records it under. */
    record Route(String path, String uriTemplate) {}

    static final Route PRODUCT = new Route("/api/products/SKU-1", "/api/products/{sku}");
    static final Route ACCOUNT = new Route("/api/accounts/c-1", "/api/accounts/{customerId}");
    static final Route ORDERS = new Route("/api/orders?size=1", "/api/orders");
    /** Participant calls (order-service to inventory and payment), by URI template only. */
    static final Route RESERVATIONS = new Route(null, "/reservations/{orderId}");

    static final Route PAYMENTS = new Route(null, "/payments/{orderId}");

    /** Upper bound for a registry change to reach a gateway's balancer (fetch 2 s + cache 2 s, on a busy machine). */
    static final Duration SETTLE = Duration.ofSeconds(60);

    private Routing() {}

    /** Waits until reads of the route sent through the gateway reach every one of the instances. */
    static void awaitRoutesToEach(Api gateway, Route route, List<ServiceProcess> instances) {
        awaitEachServes(
                "the gateway routes " + route.path(),
                () -> {
                    for (int i = 0; i < 6 * instances.size(); i++) {
                        gateway.get(route.path());
                    }
                },
                route,
                instances);
    }

    /**
     * Runs {@code oneRound} (requests that end up at some of the instances) again and again until
     * every instance has served requests of the route's URI template since the wait began.
     */
    static void awaitEachServes(String what, Runnable oneRound, Route route, List<ServiceProcess> instances) {
        Map<ServiceProcess, Long> start = new LinkedHashMap<>();
        instances.forEach(p -> start.put(p, served(p, route)));
        await().alias(what + ": reaches each of " + names(instances))
                .atMost(SETTLE)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    oneRound.run();
                    return instances.stream().allMatch(p -> served(p, route) > start.get(p));
                });
    }

    /** Requests for the route's URI template that the instance has answered, from its own metrics. */
    static long served(ServiceProcess instance, Route route) {
        Api.Response response = new Api(instance.managementUrl())
                .get("/actuator/metrics/http.server.requests?tag=uri:"
                        + URLEncoder.encode(route.uriTemplate(), StandardCharsets.UTF_8));
        if (response.status() == 404) {
            return 0; // nothing served yet: the meter does not exist
        }
        if (response.status() != 200) {
            throw new IllegalStateException("metrics of " + instance.name + ": " + response.status());
        }
        for (var measurement : response.json().path("measurements")) {
            if (measurement.path("statistic").asString().equals("COUNT")) {
                return (long) measurement.path("value").asDouble();
            }
        }
        throw new IllegalStateException("No COUNT in " + response.body());
    }

    private static List<String> names(List<ServiceProcess> instances) {
        return instances.stream().map(p -> p.name).toList();
    }
}
