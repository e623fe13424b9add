package io.orderly.gateway.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the gateway waits for a client that sends its request slowly (Boot's
 * {@code server.netty.idle-timeout} covers a connection that sends nothing).
 *
 * @param readTimeout the longest pause between two reads of a request's body
 * @param requestTimeout the longest time to read a whole request
 */
@ConfigurationProperties("orderly.gateway.server")
record ServerTimeoutsProperties(
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30s") Duration requestTimeout) {}
