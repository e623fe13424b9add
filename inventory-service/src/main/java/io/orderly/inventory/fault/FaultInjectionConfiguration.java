package io.orderly.inventory.fault;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the fault-injection filter on {@code /api/*}, only when a fault is configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FaultProperties.class)
class FaultInjectionConfiguration {

    static final String API_PATTERN = "/api/*";

    @Bean
    FilterRegistrationBean<FaultInjectionFilter> faultInjectionFilter(FaultProperties properties) {
        FilterRegistrationBean<FaultInjectionFilter> registration =
                new FilterRegistrationBean<>(new FaultInjectionFilter(properties));
        registration.addUrlPatterns(API_PATTERN);
        registration.setEnabled(properties.active());
        return registration;
    }
}
