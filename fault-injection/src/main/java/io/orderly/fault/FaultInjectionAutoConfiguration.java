package io.orderly.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Registers the fault-injection filter on {@code /api/*} of a servlet application, only when a
 * fault is configured ({@code orderly.fault.delay} or {@code orderly.fault.max-concurrency}) and
 * only where this jar was put on the classpath (a test's or a benchmark's {@code loader.path}).
 * {@code orderly.fault.enabled=false} switches it off; a bean of the same name replaces it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "orderly.fault.enabled", matchIfMissing = true)
@Conditional(FaultInjectionAutoConfiguration.OnFaultConfigured.class)
@EnableConfigurationProperties(FaultProperties.class)
public class FaultInjectionAutoConfiguration {

    static final String API_PATTERN = "/api/*";
    private static final Logger log = LoggerFactory.getLogger(FaultInjectionAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(name = "faultInjectionFilter")
    FilterRegistrationBean<FaultInjectionFilter> faultInjectionFilter(FaultProperties properties) {
        FilterRegistrationBean<FaultInjectionFilter> registration =
                new FilterRegistrationBean<>(new FaultInjectionFilter(properties));
        registration.addUrlPatterns(API_PATTERN);
        registration.setEnabled(properties.active());
        if (properties.active()) {
            log.warn(
                    "Fault injection is ON for {}: delay {}, max concurrency {} (0 = unlimited); "
                            + "for tests and benchmarks only",
                    API_PATTERN,
                    properties.delay(),
                    properties.maxConcurrency());
        }
        return registration;
    }

    /** Either fault is set, to any value (a zero value leaves the filter registered but disabled). */
    static final class OnFaultConfigured extends AnyNestedCondition {

        OnFaultConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty("orderly.fault.delay")
        static final class DelaySet {}

        @ConditionalOnProperty("orderly.fault.max-concurrency")
        static final class MaxConcurrencySet {}
    }
}
