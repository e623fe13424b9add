package io.orderly.lifecycle.tracing;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Keeps housekeeping out of the traces ({@link UntracedWork}); the tracer itself, its sampling and
 * its Zipkin export are Spring Boot's, with Orderly's defaults from {@link TracingDefaults}.
 */
@AutoConfiguration
@ConditionalOnClass(ObservationPredicate.class)
@ConditionalOnProperty(name = "orderly.tracing.skip-housekeeping", matchIfMissing = true)
public class TracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "untracedClientsAndTimers")
    ObservationPredicate untracedClientsAndTimers() {
        return UntracedWork.clientsAndTimers();
    }

    /**
     * Spring Security observes each request's way through its filter chain as five spans (before,
     * after, the secured request...), which tell a trace reader nothing; its authentication and
     * authorization spans stay (where a 401 or 403 came from).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SecurityObservationSettings.class)
    static class SecurityObservations {

        @Bean
        @ConditionalOnMissingBean
        SecurityObservationSettings securityObservationSettings() {
            return SecurityObservationSettings.withDefaults()
                    .shouldObserveRequests(false)
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletRequests {

        @Bean
        @ConditionalOnMissingBean(name = "untracedServletRequests")
        ObservationPredicate untracedServletRequests() {
            return UntracedWork.serverRequests(
                    ServerRequestObservationContext.class,
                    context -> context.getCarrier().getRequestURI());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveRequests {

        @Bean
        @ConditionalOnMissingBean(name = "untracedReactiveRequests")
        ObservationPredicate untracedReactiveRequests() {
            return UntracedWork.serverRequests(
                    org.springframework.http.server.reactive.observation.ServerRequestObservationContext.class,
                    context -> context.getCarrier().getPath().value());
        }
    }
}
