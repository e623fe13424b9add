package io.orderly.security;

import io.orderly.problem.ProblemTypes;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
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
        return (request, response, rejected) -> BearerProblems.write(
                request,
                response,
                HttpStatus.BAD_REQUEST,
                ProblemTypes.slugFor(HttpStatus.BAD_REQUEST),
                "This request's URL or headers are not allowed.",
                false);
    }
}
