package io.orderly.gateway.retry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's retry budget.
 *
 * @param ratio retries allowed per first attempt (0.2: retries add at most 20% to the load)
 * @param minPerSecond retries always allowed per second, so that little traffic can still retry
 * @param maxBalance the most retries that can be saved up for a burst
 */
@ConfigurationProperties("orderly.gateway.retry-budget")
record RetryBudgetProperties(
        @DefaultValue("0.2") double ratio,
        @DefaultValue("10") int minPerSecond,
        @DefaultValue("100") int maxBalance) {}
