package io.orderly.gateway.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class RouteInstancesHealthIndicatorTest {

    final Map<String, List<?>> instances = new HashMap<>();
    final RouteLocator routes = () -> Flux.just(
            route("orders", "lb://order-service"),
            route("products", "lb://inventory-service"),
            route("more-orders", "lb://order-service"),
            route("static", "http://example.invalid"));
    final RouteInstancesHealthIndicator indicator =
            new RouteInstancesHealthIndicator(routes, service -> Mono.justOrEmpty(instances.get(service)));

    @Test
    void isDownWhileARoutedServiceHasNoInstanceAndSaysWhichOne() {
        instances.put("order-service", List.of("o-1"));

        Health health = indicator.health().block();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("waitingFor", List.of("inventory-service"));
    }

    @Test
    void isUpOnceEveryRoutedServiceHasAnInstanceAndStaysUpWhenOneLosesThemAll() {
        instances.put("order-service", List.of("o-1"));
        instances.put("inventory-service", List.of("i-1", "i-2"));
        assertThat(indicator.health().block().getStatus()).isEqualTo(Status.UP);

        instances.clear();

        assertThat(indicator.health().block().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aLookupThatFailsCountsAsNoInstance() {
        RouteInstancesHealthIndicator failing = new RouteInstancesHealthIndicator(
                routes, service -> Mono.error(new IllegalStateException("registry not fetched yet")));

        assertThat(failing.health().block().getStatus()).isEqualTo(Status.DOWN);
    }

    private static Route route(String id, String uri) {
        return Route.async().id(id).uri(uri).predicate(exchange -> true).build();
    }
}
