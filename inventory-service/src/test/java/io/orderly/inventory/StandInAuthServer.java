package io.orderly.inventory;

import io.orderly.testsupport.TestTokens;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Import into a Spring test whose requests carry tokens: the service then validates the tokens of
 * {@link TestTokens}, this test JVM's stand-in auth-service, fetching its JWK set over HTTP as it
 * does auth-service's. A shared import rather than a {@code @DynamicPropertySource} per test class,
 * so that the tests on one database keep sharing one cached context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StandInAuthServer {

    @Bean
    static DynamicPropertyRegistrar standInAuthServerProperties() {
        return registry -> TestTokens.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
    }
}
