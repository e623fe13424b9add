package io.orderly.order.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.client.ResourceAccessException;

/** The participant breakers as order-service's application.yml configures them. */
class ParticipantBreakerConfigTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("resilience4j.retry.configs.participant.wait-duration=1ms")
            .withConfiguration(
                    AutoConfigurations.of(CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class));

    @Test
    void noInstanceAvailableNeverOpensTheBreaker() {
        withInventoryCalls((calls, breaker) -> {
            for (int i = 0; i < 30; i++) {
                assertThatThrownBy(() -> calls.call("reserve", () -> {
                            throw new IllegalStateException("No instances available for inventory-service");
                        }))
                        .isInstanceOf(NoInstanceAvailableException.class);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        });
    }

    @Test
    void noServiceTokenNeverOpensTheBreakerButIsRetriedInTheCall() {
        withInventoryCalls((calls, breaker) -> {
            AtomicInteger attempts = new AtomicInteger();
            for (int i = 0; i < 30; i++) {
                assertThatThrownBy(() -> calls.call("reserve", () -> {
                            attempts.incrementAndGet();
                            throw new OAuth2AuthorizationException(new OAuth2Error("invalid_token_response"));
                        }))
                        .isInstanceOf(ServiceTokenUnavailableException.class)
                        .isInstanceOf(ParticipantUnavailableException.class);
            }
            assertThat(attempts).hasValue(90);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        });
    }

    @Test
    void connectFailuresDoOpenIt() {
        withInventoryCalls((calls, breaker) -> {
            for (int i = 0; i < 30; i++) {
                assertThatThrownBy(() -> calls.call("reserve", () -> {
                            throw new ResourceAccessException("Connection refused");
                        }))
                        .isInstanceOf(ParticipantUnavailableException.class);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        });
    }

    private void withInventoryCalls(BiConsumer<ParticipantCalls, CircuitBreaker> test) {
        runner.run(context -> {
            CircuitBreaker breaker =
                    context.getBean(CircuitBreakerRegistry.class).circuitBreaker("inventory");
            ParticipantCalls calls = new ParticipantCalls(
                    "inventory", context.getBean(RetryRegistry.class).retry("inventory"), breaker);
            test.accept(calls, breaker);
        });
    }
}
