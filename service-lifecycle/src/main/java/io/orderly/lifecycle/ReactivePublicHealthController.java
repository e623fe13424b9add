package io.orderly.lifecycle;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The main port's {@code /actuator/health}, {@code /actuator/health/liveness} and {@code
 * /actuator/health/readiness} (WebFlux), answered by Boot's own reactive health endpoint. Why it is
 * hand-written: see {@link PublicHealthController}.
 */
@RestController
final class ReactivePublicHealthController {

    private final ReactiveHealthEndpointWebExtension health;

    ReactivePublicHealthController(ReactiveHealthEndpointWebExtension health) {
        this.health = health;
    }

    @GetMapping(path = PublicHealthController.HEALTH, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<HealthDescriptor>> health() {
        return health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE)
                .map(PublicHealthController::entity);
    }

    @GetMapping(
            path = PublicHealthController.HEALTH + "/{group:liveness|readiness}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<HealthDescriptor>> group(@PathVariable String group) {
        return health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, group)
                .map(PublicHealthController::entity);
    }
}
