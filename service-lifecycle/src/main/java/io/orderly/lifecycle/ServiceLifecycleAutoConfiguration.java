package io.orderly.lifecycle;

import com.netflix.appinfo.HealthCheckHandler;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Joins the registry only once ready and leaves it while not ready ({@link FollowReadiness}), and
 * leaves it before draining ({@link LeaveRegistryFirst}), in any Orderly service that registers
 * itself.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration",
            "org.springframework.cloud.netflix.eureka.EurekaClientAutoConfiguration",
            "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration"
        })
@EnableConfigurationProperties(LifecycleProperties.class)
@ConditionalOnProperty(name = "orderly.lifecycle.enabled", matchIfMissing = true)
public class ServiceLifecycleAutoConfiguration {

    /**
     * Off in a standalone Eureka server, which has Eureka's client (and so a registration bean) but
     * does not register itself: there is no own entry to take out or to keep in step with readiness.
     */
    static final String REGISTERS = "eureka.client.register-with-eureka";

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ServiceRegistry.class, Registration.class})
    @ConditionalOnProperty(name = REGISTERS, matchIfMissing = true)
    @SuppressWarnings("unchecked")
    LeaveRegistryFirst leaveRegistryFirst(
            ServiceRegistry<?> registry, Registration registration, LifecycleProperties properties) {
        // The registry is typed by its own registration class (EurekaRegistration), which the
        // registration bean is: the cast only widens the generic type.
        return new LeaveRegistryFirst(
                (ServiceRegistry<Registration>) registry,
                registration,
                properties.deregistrationDelay(),
                LeaveRegistryFirst.Sleeper.real());
    }

    /** Only where Eureka's client and the health endpoint are on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthCheckHandler.class, HealthEndpoint.class})
    @ConditionalOnProperty(name = REGISTERS, matchIfMissing = true)
    static class RegistryFollowsReadiness {

        @Bean
        @ConditionalOnMissingBean(HealthCheckHandler.class)
        @ConditionalOnBean(ApplicationAvailability.class)
        FollowReadiness followReadiness(ApplicationAvailability availability, ObjectProvider<HealthEndpoint> health) {
            return new FollowReadiness(new ReadinessGroup(
                    availability,
                    () -> Optional.ofNullable(health.getIfAvailable())
                            .map(endpoint -> endpoint.healthForPath(ReadinessGroup.GROUP))
                            .map(HealthDescriptor::getStatus)));
        }
    }
}
