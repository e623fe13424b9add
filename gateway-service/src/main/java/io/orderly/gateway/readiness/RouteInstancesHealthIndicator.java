package io.orderly.gateway.readiness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's part of "ready means serving" (in its {@code readiness} health group): DOWN until
 * every service that an {@code lb://} route names has an instance in its load balancer, then UP
 * for good. Without it the gateway said ready tens of seconds before any service had registered,
 * and a compose health check, a Kubernetes probe or HAProxy sent it traffic that could only get
 * 503. Latched: once serving, a service that later loses all its instances is that service's
 * outage (its routes answer 503), not a reason to take the whole gateway out of rotation.
 */
class RouteInstancesHealthIndicator implements ReactiveHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(RouteInstancesHealthIndicator.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);

    private final RouteLocator routes;
    private final Function<String, Mono<List<?>>> instances;
    private volatile boolean latched;

    /**
     * @param instances the instances the load balancer of a service currently offers (the same
     *     supplier, with its cache, that routing uses)
     */
    RouteInstancesHealthIndicator(RouteLocator routes, Function<String, Mono<List<?>>> instances) {
        this.routes = routes;
        this.instances = instances;
    }

    @Override
    public Mono<Health> health() {
        if (latched) {
            return Mono.just(Health.up().build());
        }
        return routes.getRoutes()
                .map(Route::getUri)
                .filter(uri -> "lb".equalsIgnoreCase(uri.getScheme()))
                .map(URI::getHost)
                .distinct()
                .flatMap(service -> count(service).map(n -> Map.entry(service, n)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
                .map(this::verdict);
    }

    private Mono<Integer> count(String service) {
        return Flux.defer(() -> instances.apply(service))
                .next()
                .map(List::size)
                .timeout(LOOKUP_TIMEOUT)
                .onErrorReturn(0)
                .defaultIfEmpty(0);
    }

    private Health verdict(Map<String, Integer> counts) {
        List<String> waiting = counts.entrySet().stream()
                .filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey)
                .toList();
        if (!waiting.isEmpty()) {
            return Health.down().withDetail("waitingFor", waiting).build();
        }
        latched = true;
        log.info("Every routed service has an instance {}: ready", counts);
        return Health.up().withDetail("instances", counts).build();
    }
}
