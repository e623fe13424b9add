package io.orderly.order.saga;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A {@link SagaTracing} where no tracer is configured, as in a service run with tracing off. */
final class NoTracing {

    private NoTracing() {}

    static SagaTracing sagaTracing() {
        StaticListableBeanFactory none = new StaticListableBeanFactory();
        return new SagaTracing(
                none.getBeanProvider(ObservationRegistry.class),
                none.getBeanProvider(Tracer.class),
                none.getBeanProvider(Propagator.class));
    }
}
