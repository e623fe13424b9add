package io.orderly.gateway.retry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Route filter {@code RetryBudget}, listed after the {@code Retry} filter so that it sees every
 * attempt: the first attempt of a request deposits into the shared {@link RetryBudget}, each
 * further attempt must withdraw from it, or fails at once with {@link RetryBudgetExhaustedException}
 * (which the Retry filter does not retry and the circuit breaker answers with a 503).
 */
@Component
class RetryBudgetGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    private static final String ATTEMPTS = RetryBudgetGatewayFilterFactory.class.getName() + ".attempts";

    private final RetryBudget budget;
    private final Counter allowed;
    private final Counter refused;

    RetryBudgetGatewayFilterFactory(RetryBudgetProperties properties, MeterRegistry meters) {
        super(Object.class);
        this.budget = new RetryBudget(
                properties.ratio(), properties.minPerSecond(), properties.maxBalance(), System::nanoTime);
        this.allowed = Counter.builder("orderly.gateway.retries")
                .tag("outcome", "allowed")
                .description("Retries the budget allowed")
                .register(meters);
        this.refused = Counter.builder("orderly.gateway.retries")
                .tag("outcome", "refused")
                .description("Retries the budget refused")
                .register(meters);
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> {
            if (attempt(exchange) == 1) {
                budget.deposit();
                return chain.filter(exchange);
            }
            if (budget.tryWithdraw()) {
                allowed.increment();
                return chain.filter(exchange);
            }
            refused.increment();
            return Mono.error(new RetryBudgetExhaustedException());
        };
    }

    private static int attempt(ServerWebExchange exchange) {
        Integer previous = exchange.getAttribute(ATTEMPTS);
        int attempt = previous == null ? 1 : previous + 1;
        exchange.getAttributes().put(ATTEMPTS, attempt);
        return attempt;
    }
}
