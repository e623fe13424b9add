package io.orderly.lifecycle;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The main port's {@code /actuator/health}, {@code /actuator/health/liveness} and {@code
 * /actuator/health/readiness} (Spring MVC), answered by Boot's own health endpoint.
 *
 * <p>Hand-written because Boot offers no way to keep these paths on the main port once {@code
 * management.server.port} differs: a health group's {@code additional-path} must be a single path
 * segment ({@code server:/readyz} works, {@code server:/actuator/health/readiness} is refused), it
 * cannot serve the root {@code /actuator/health}, and changing the probes' paths would break every
 * deployment that asks the documented ones. Delegating to {@link HealthEndpointWebExtension} keeps
 * Boot's statuses (503 when DOWN or OUT_OF_SERVICE), groups and body; details stay hidden, as Boot's
 * default {@code show-details: never} has them.
 */
@RestController
final class PublicHealthController {

    static final String HEALTH = "${management.endpoints.web.base-path:/actuator}/health";

    private final HealthEndpointWebExtension health;

    PublicHealthController(HealthEndpointWebExtension health) {
        this.health = health;
    }

    @GetMapping(path = HEALTH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<HealthDescriptor> health() {
        return entity(health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE));
    }

    @GetMapping(path = HEALTH + "/{group:liveness|readiness}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<HealthDescriptor> group(@PathVariable String group) {
        return entity(health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, group));
    }

    static <T extends HealthDescriptor> ResponseEntity<HealthDescriptor> entity(WebEndpointResponse<T> response) {
        return ResponseEntity.status(response.getStatus()).body(response.getBody());
    }
}
