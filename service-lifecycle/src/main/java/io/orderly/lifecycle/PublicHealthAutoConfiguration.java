package io.orderly.lifecycle;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves {@code /actuator/health} and its {@code liveness} and {@code readiness} groups on the main
 * port when the management endpoints live on a port of their own, which nothing publishes: what the
 * run script, an image's HEALTHCHECK, Kubernetes probes and load balancers ask stays on the port
 * they reach, and nothing else of the actuator does.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration")
@ConditionalOnClass({ConditionalOnManagementPort.class, HealthEndpointWebExtension.class})
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
@ConditionalOnProperty(name = "orderly.public-health.enabled", matchIfMissing = true)
public class PublicHealthAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Servlet {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(HealthEndpointWebExtension.class)
        PublicHealthController publicHealthController(HealthEndpointWebExtension health) {
            return new PublicHealthController(health);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(ReactiveHealthEndpointWebExtension.class)
        ReactivePublicHealthController reactivePublicHealthController(ReactiveHealthEndpointWebExtension health) {
            return new ReactivePublicHealthController(health);
        }
    }
}
