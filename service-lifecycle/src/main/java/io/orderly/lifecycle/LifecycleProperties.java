package io.orderly.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a stopping instance leaves the registry before it drains.
 *
 * @param deregistrationDelay how long the instance keeps serving after it marked itself
 *        OUT_OF_SERVICE, so that callers' registry copies (fetched every 2 s) and load-balancer
 *        caches (2 s) forget it before the web server stops accepting requests
 */
@ConfigurationProperties("orderly.lifecycle")
public record LifecycleProperties(@DefaultValue("5s") Duration deregistrationDelay) {}
