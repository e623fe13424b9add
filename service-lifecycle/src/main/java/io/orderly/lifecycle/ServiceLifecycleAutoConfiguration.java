package io.orderly.lifecycle;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.annotation.Bean;

/** Leaves the registry before draining, in any Orderly service that registers itself. */
@AutoConfiguration(
        afterName = {
            "org.springframework.cloud.netflix.eureka.EurekaClientAutoConfiguration",
            "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration"
        })
@EnableConfigurationProperties(LifecycleProperties.class)
@ConditionalOnProperty(name = "orderly.lifecycle.enabled", matchIfMissing = true)
public class ServiceLifecycleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ServiceRegistry.class, Registration.class})
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
}
