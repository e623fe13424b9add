package io.orderly.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SagaTracingTest {

    @Test
    void theTraceIdIsTheSecondFieldOfATraceParent() {
        assertThat(SagaTracing.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void noOrAMalformedTraceParentHasNoTraceId() {
        assertThat(SagaTracing.traceIdOf(null)).isNull();
        assertThat(SagaTracing.traceIdOf("00-short-00f067aa0ba902b7-01")).isNull();
        assertThat(SagaTracing.traceIdOf("garbage")).isNull();
    }

    @Test
    void withoutATracerASagaIsDrivenAndHasNoTraceParent() {
        SagaTracing tracing = NoTracing.sagaTracing();

        assertThat(tracing.currentTraceParent()).isNull();
        assertThat(tracing.drive(SagaEngineTest.at(SagaState.RESERVING, Step.RESERVE_STOCK), "me", true, () -> "done"))
                .isEqualTo("done");
    }
}
