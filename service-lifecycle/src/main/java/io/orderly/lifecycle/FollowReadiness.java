package io.orderly.lifecycle;

import com.netflix.appinfo.HealthCheckHandler;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an instance's status in Eureka follow its readiness: {@code STARTING} until it is first
 * ready, {@code UP} while ready, {@code DOWN} while not (its database gone, say). Eureka's client
 * asks its health-check handler at every instance-info refresh
 * ({@code eureka.client.instance-info-replication-interval-seconds}) and re-registers when the
 * answer changes; callers fetch only {@code UP} instances, so nothing is routed to an instance
 * before it serves or while it cannot. Spring Cloud's own {@code EurekaHealthCheckHandler} would
 * aggregate every health indicator instead of the readiness group, and report {@code UP} as soon
 * as the context starts, before the application is ready.
 */
class FollowReadiness implements HealthCheckHandler {

    private static final Logger log = LoggerFactory.getLogger(FollowReadiness.class);

    private final BooleanSupplier ready;
    private volatile boolean wasReady;
    private volatile InstanceStatus last;

    FollowReadiness(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public InstanceStatus getStatus(InstanceStatus current) {
        InstanceStatus status = status();
        if (status != last) {
            if (last != null || status != InstanceStatus.STARTING) {
                log.info(
                        "Registry status {} -> {} (readiness {})",
                        last,
                        status,
                        status == InstanceStatus.UP ? "UP" : "not UP");
            }
            last = status;
        }
        return status;
    }

    private InstanceStatus status() {
        boolean now;
        try {
            now = ready.getAsBoolean();
        } catch (RuntimeException e) {
            // A health check that cannot even be evaluated is not a ready instance.
            now = false;
        }
        if (now) {
            wasReady = true;
            return InstanceStatus.UP;
        }
        return wasReady ? InstanceStatus.DOWN : InstanceStatus.STARTING;
    }
}
