package io.orderly.order.participant;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * Where the participants are (service names resolved by the load balancer) and how long a call may take.
 */
@ConfigurationProperties("orderly.participants")
public record ParticipantProperties(URI inventoryUrl, URI paymentUrl, Duration connectTimeout, Duration readTimeout) {

    /**
     * An HTTP/1.1 request factory with these connect and read timeouts: for the participant calls
     * and for the token requests that precede them.
     */
    public JdkClientHttpRequestFactory requestFactory() {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(readTimeout);
        return requestFactory;
    }
}
