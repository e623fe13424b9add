package io.orderly.lifecycle.tracing;

import io.micrometer.context.ContextRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import reactor.util.context.ReactorContextAccessor;

/**
 * Every Orderly service's tracing defaults, kept here once instead of in five application files:
 * every request is sampled (a reference system is read one order at a time, and the volume here is
 * small), reactive code carries the trace into the threads it hops to, and spans go to Zipkin only
 * when {@code ZIPKIN_URL} names one (without it the trace ids are still made and logged, nothing is
 * sent). Added last, so that a service's own configuration and the environment win over all of it.
 */
public class TracingDefaults implements EnvironmentPostProcessor {

    /** Where Zipkin listens, for example {@code http://127.0.0.1:9411}; unset means no export. */
    public static final String ZIPKIN_URL = "ZIPKIN_URL";

    static final String SOURCE = "orderlyTracingDefaults";
    static final String SPANS_PATH = "/api/v2/spans";
    static final String REACTOR_ACCESSOR = "reactor.util.context.ReactorContextAccessor";
    static final String CONTEXT_REGISTRY = "io.micrometer.context.ContextRegistry";
    static final String PROMETHEUS_EXEMPLARS =
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("management.tracing.sampling.probability", "1.0");
        defaults.put("spring.reactor.context-propagation", "auto");
        // With a tracer, Spring Boot adds trace exemplars to the Prometheus scrape, on the _count of
        // every timer too, which Debian's Prometheus 2.42 refuses: the whole scrape fails ("metric
        // name http_server_requests_seconds_count does not support exemplars"). Off until that is newer.
        defaults.put("spring.autoconfigure.exclude", PROMETHEUS_EXEMPLARS);
        String zipkin = environment.getProperty(ZIPKIN_URL);
        defaults.put("management.tracing.export.zipkin.enabled", String.valueOf(StringUtils.hasText(zipkin)));
        if (StringUtils.hasText(zipkin)) {
            defaults.put("management.tracing.export.zipkin.endpoint", spansEndpoint(zipkin.strip()));
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
        if (ClassUtils.isPresent(REACTOR_ACCESSOR, getClass().getClassLoader())
                && ClassUtils.isPresent(CONTEXT_REGISTRY, getClass().getClassLoader())) {
            ReactorContext.ensureAccessor();
        }
    }

    /**
     * Reactor's automatic context propagation reads a Reactor context through Micrometer's
     * ContextRegistry, which finds its accessors with a ServiceLoader when something first touches it.
     * In the container image (Spring Boot's exploded layout, started by JarLauncher) the registry came
     * up without Reactor's accessor, and the gateway could not start Netty ("No ContextAccessor for
     * contextType: class reactor.util.context.Context0"); from the fat jar it had it. Made sure of
     * here, on the main thread, before anything reactive runs.
     */
    private static final class ReactorContext {
        static void ensureAccessor() {
            ContextRegistry registry = ContextRegistry.getInstance();
            boolean known = registry.getContextAccessors().stream().anyMatch(ReactorContextAccessor.class::isInstance);
            if (!known) {
                registry.registerContextAccessor(new ReactorContextAccessor());
            }
        }
    }

    /** Zipkin's span intake under the given server address (the address itself when it already names it). */
    static String spansEndpoint(String zipkinUrl) {
        String base = zipkinUrl.endsWith("/") ? zipkinUrl.substring(0, zipkinUrl.length() - 1) : zipkinUrl;
        return base.endsWith(SPANS_PATH) ? base : base + SPANS_PATH;
    }
}
