package io.orderly.web.problem;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits applied to every request of an Orderly MVC service, and how an outage is answered.
 *
 * @param maxRequestBodySize requests with a longer body are refused with 413 before any handler runs
 * @param unavailableRetryAfter the {@code Retry-After} of a 503 answered because the database cannot
 *     be reached: a restart or a short network outage is over within seconds
 */
@ConfigurationProperties("orderly.web")
public record WebProblemsProperties(DataSize maxRequestBodySize, Duration unavailableRetryAfter) {

    public WebProblemsProperties {
        if (maxRequestBodySize == null) {
            maxRequestBodySize = DataSize.ofKilobytes(64);
        }
        if (unavailableRetryAfter == null) {
            unavailableRetryAfter = Duration.ofSeconds(1);
        }
    }
}
