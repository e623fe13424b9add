package io.orderly.security;

import io.orderly.problem.ProblemTypes;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A request Spring Security's firewall refuses (an encoded slash, "..", a forbidden character) is
 * bad input: 400 as a problem detail that does not echo the refused path. Spring's default rethrows
 * the rejection, which ends as a 500.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RequestRejectedHandler.class)
public class ServiceSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler firewallRefusals() {
        return (request, response, rejected) -> {
            HttpStatus status = HttpStatus.BAD_REQUEST;
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter()
                    .write("{\"type\":\"" + ProblemTypes.type(ProblemTypes.slugFor(status)) + "\",\"title\":\""
                            + ProblemTypes.titleFor(status) + "\",\"status\":400,\"detail\":\"This request's URL "
                            + "or headers are not allowed.\"}");
        };
    }
}
