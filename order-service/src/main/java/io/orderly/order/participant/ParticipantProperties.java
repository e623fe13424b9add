package io.orderly.order.participant;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the participants are (service names resolved by the load balancer) and how long a call may take.
 */
@ConfigurationProperties("orderly.participants")
public record ParticipantProperties(URI inventoryUrl, URI paymentUrl, Duration connectTimeout, Duration readTimeout) {}
