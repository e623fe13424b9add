package io.orderly.systemtest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.systemtest.deploy.DeploymentEnvironment.Setting;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable docker-compose.yml and the k8s/ manifests set for a service is one
 * that service reads: a misspelt or stale variable would otherwise be ignored without a word.
 */
class DeploymentEnvironmentTest {

    private final Path root = Repository.root();

    private final DeploymentEnvironment environment = new DeploymentEnvironment(root);

    @Test
    void everyVariableComposeSetsIsReadByItsService() {
        List<Setting> settings = environment.composeSettings();

        assertThat(settings)
                .extracting(Setting::variable)
                .contains(
                        "SPRING_DATASOURCE_URL",
                        "SPRING_DATASOURCE_USERNAME",
                        "SPRING_DATASOURCE_PASSWORD",
                        "EUREKA_URL");
        assertThat(environment.violations(settings)).isEmpty();
    }

    @Test
    void everyVariableKubernetesSetsIsReadByItsService() {
        List<Setting> settings = environment.kubernetesSettings();

        assertThat(settings)
                .extracting(Setting::container)
                .contains(
                        "discovery-service",
                        "inventory-service",
                        "payment-service",
                        "order-service",
                        "gateway-service",
                        "postgres");
        assertThat(settings)
                .extracting(Setting::variable)
                .contains(
                        "SPRING_DATASOURCE_URL",
                        "SPRING_DATASOURCE_PASSWORD",
                        "EUREKA_URL",
                        "EUREKA_INSTANCE_IP_ADDRESS");
        assertThat(environment.violations(settings)).isEmpty();
    }

    @Test
    void composeLeavesTheInstanceAddressToEachContainer() {
        // Several replicas of one compose service share their environment: a fixed address would
        // make them all register the same one.
        assertThat(environment.composeSettings())
                .extracting(Setting::variable)
                .doesNotContain("EUREKA_INSTANCE_IP_ADDRESS");
    }
}
