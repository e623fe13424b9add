package io.orderly.order.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param retention how long a key is kept (at least 24h by contract)
 * @param cleanupInterval how often keys older than that are deleted
 * @param abandonedAfter how long past the wait budget a first request may go without storing its
 *        answer before a retry with the same key answers from the order's current state instead of
 *        409: the first request's instance died (its saga is resumed by the recovery worker)
 */
@ConfigurationProperties("orderly.idempotency")
public record IdempotencyProperties(Duration retention, Duration cleanupInterval, Duration abandonedAfter) {}
