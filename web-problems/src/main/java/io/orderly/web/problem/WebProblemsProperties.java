package io.orderly.web.problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits applied to every request of an Orderly MVC service.
 *
 * @param maxRequestBodySize requests with a longer body are refused with 413 before any handler runs
 */
@ConfigurationProperties("orderly.web")
public record WebProblemsProperties(DataSize maxRequestBodySize) {

    public WebProblemsProperties {
        if (maxRequestBodySize == null) {
            maxRequestBodySize = DataSize.ofKilobytes(64);
        }
    }
}
