package io.orderly.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The authorization server (Spring Authorization Server, OAuth 2.1 and OpenID Connect): it signs
 * the short-lived JWTs that customers and the admin carry through the gateway, and the service
 * tokens order-service obtains with its client credentials for the participants' endpoints.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthApplication {
    public static void main(String[] args) {
        SpringApplication.run(AuthApplication.class, args);
    }
}
