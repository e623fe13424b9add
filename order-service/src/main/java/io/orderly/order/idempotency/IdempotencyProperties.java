package io.orderly.order.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param retention how long a key is kept (at least 24h by contract)
 * @param cleanupInterval how often keys older than that are deleted
 */
@ConfigurationProperties("orderly.idempotency")
public record IdempotencyProperties(Duration retention, Duration cleanupInterval) {
}
