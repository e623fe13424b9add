package io.orderly.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Cloud Eureka client, configured as the services are (credentials in the userinfo of
 * {@code eureka.client.service-url.defaultZone}, i.e. EUREKA_URL), registers; with a wrong password
 * it stays out.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            RegistryRequests.USER_PROPERTY,
            RegistryRequests.PASSWORD_PROPERTY,
            "eureka.server.wait-time-in-ms-when-sync-empty=0",
            "management.server.port=0"
        })
class RegistryClientTest {

    @LocalServerPort
    int port;

    private ConfigurableApplicationContext goodClient;
    private ConfigurableApplicationContext badClient;

    @AfterEach
    void stopClients() {
        for (ConfigurableApplicationContext client : new ConfigurableApplicationContext[] {badClient, goodClient}) {
            if (client != null) {
                client.close();
            }
        }
    }

    @Test
    void aClientWithTheCredentialsInItsRegistryUrlRegistersAndOneWithAWrongPasswordDoesNot() {
        RegistryRequests registry = new RegistryRequests(port);

        badClient = client("bad-client:payment-service", "http://eureka:guessed@127.0.0.1:" + port + "/eureka/");
        goodClient = client(
                "good-client:payment-service", "http://eureka:registry-test-password@127.0.0.1:" + port + "/eureka/");

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "UP".equals(registry.listedStatus("PAYMENT-SERVICE", "good-client:payment-service")));
        // Both tried at start and renew every second: the refused one is still not listed.
        assertThat(registry.listedStatus("PAYMENT-SERVICE", "bad-client:payment-service"))
                .isNull();
    }

    /** An application context with nothing but auto-configuration: a Eureka client, as in the services. */
    private static ConfigurableApplicationContext client(String instanceId, String eurekaUrl) {
        // As command-line arguments: they outrank this module's application.yml (the registry's own settings).
        return new SpringApplicationBuilder(EurekaClientOnly.class)
                .run(
                        "--spring.application.name=payment-service",
                        "--spring.main.web-application-type=none",
                        "--spring.main.banner-mode=off",
                        "--server.port=9",
                        "--eureka.client.service-url.defaultZone=" + eurekaUrl,
                        // The services' transport (RestClient): the Jersey client here is the server's.
                        "--eureka.client.jersey.enabled=false",
                        "--eureka.client.register-with-eureka=true",
                        "--eureka.client.fetch-registry=false",
                        "--eureka.instance.instance-id=" + instanceId,
                        "--eureka.instance.prefer-ip-address=true",
                        "--eureka.instance.ip-address=127.0.0.1",
                        "--eureka.instance.lease-renewal-interval-in-seconds=1");
    }

    @EnableAutoConfiguration
    static class EurekaClientOnly {}
}
