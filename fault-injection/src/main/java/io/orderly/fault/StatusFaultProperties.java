package io.orderly.fault;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A participant that answers what the protocol does not expect ({@code orderly.fault.status*}):
 * every request whose path matches one of {@code statusPaths} is answered {@code status} with a
 * problem body, without reaching the service. For tests only, like the rest of this jar.
 *
 * @param status the status to answer, 400 to 599 (0 = off); env {@code ORDERLY_FAULT_STATUS}
 * @param statusPaths Ant-style path patterns ({@code /reservations/*}, {@code /reservations/*}{@code
 *     /confirm}); env {@code ORDERLY_FAULT_STATUS_PATHS}, comma-separated
 */
@ConfigurationProperties("orderly.fault")
public record StatusFaultProperties(
        @DefaultValue("0") int status, @DefaultValue List<String> statusPaths) {

    public StatusFaultProperties {
        if (status != 0 && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("orderly.fault.status must be 0 or 400 to 599: " + status);
        }
        statusPaths = statusPaths == null ? List.of() : List.copyOf(statusPaths);
        if (status != 0 && statusPaths.isEmpty()) {
            throw new IllegalArgumentException("orderly.fault.status needs orderly.fault.status-paths");
        }
    }

    boolean active() {
        return status != 0;
    }
}
