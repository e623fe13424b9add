package io.orderly.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Registers the unexpected-status filter on every path of a servlet application, only when
 * {@code orderly.fault.status} is set and only where this jar is on the classpath; it runs first,
 * so the service never sees a matching request. {@code orderly.fault.enabled=false} switches it off.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "orderly.fault.enabled", matchIfMissing = true)
@ConditionalOnProperty("orderly.fault.status")
@EnableConfigurationProperties(StatusFaultProperties.class)
public class StatusFaultAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StatusFaultAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(name = "statusFaultFilter")
    FilterRegistrationBean<StatusFaultFilter> statusFaultFilter(StatusFaultProperties properties) {
        FilterRegistrationBean<StatusFaultFilter> registration =
                new FilterRegistrationBean<>(new StatusFaultFilter(properties));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(properties.active());
        if (properties.active()) {
            log.warn(
                    "Fault injection is ON: status {} on {}; for tests only",
                    properties.status(),
                    properties.statusPaths());
        }
        return registration;
    }
}
