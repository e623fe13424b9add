package io.orderly.systemtest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.systemtest.deploy.DeploymentEnvironment.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The checker behind {@link DeploymentEnvironmentTest}, on a made-up repository. */
class EnvironmentContractTest {

    @TempDir
    Path root;

    @Test
    void mapsPropertiesToEnvironmentVariablesAsSpringBootDoes() {
        for (String property : new String[] {
            "spring.datasource.url",
            "orderly.web.max-request-body-size",
            "eureka.instance.ip-address",
            "spring.lifecycle.timeout-per-shutdown-phase",
            "my.list[0].name"
        }) {
            for (String variable : EnvironmentContract.environmentVariables(property)) {
                // Boot's own environment source must find the property under each variable we derive.
                ConfigurationPropertySource environment =
                        ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "set")));
                assertThat(environment.getConfigurationProperty(ConfigurationPropertyName.of(property)))
                        .as("%s -> %s", property, variable)
                        .isNotNull();
            }
        }
        assertThat(EnvironmentContract.environmentVariables("orderly.web.max-request-body-size"))
                .containsExactlyInAnyOrder("ORDERLY_WEB_MAXREQUESTBODYSIZE", "ORDERLY_WEB_MAX_REQUEST_BODY_SIZE");
        assertThat(EnvironmentContract.environmentVariables("my.list[0].name")).containsExactly("MY_LIST_0_NAME");
    }

    @Test
    void springBootIgnoresAVariableTheMappingDoesNotProduce() {
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("SPRING_DATASOURCE_ULR", "set")));

        assertThat(environment.getConfigurationProperty(ConfigurationPropertyName.of("spring.datasource.url")))
                .isNull();
    }

    @Test
    void acceptsPlaceholdersWellKnownPropertiesAndTheServicesOwnProperties() throws IOException {
        EnvironmentContract contract = EnvironmentContract.of(aService("inventory-service"));

        assertThat(contract.reason("EUREKA_URL"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("placeholder"));
        assertThat(contract.reason("SPRING_DATASOURCE_URL")).isPresent();
        assertThat(contract.reason("SERVER_PORT")).isPresent();
        assertThat(contract.reason("ORDERLY_INVENTORY_RESERVATION_TIMEOUT")).isPresent();
        assertThat(contract.reason("ORDERLY_WEB_MAXREQUESTBODYSIZE")).isPresent();
        assertThat(contract.reason("JAVA_TOOL_OPTIONS")).isPresent();
    }

    @Test
    void rejectsAMisspeltVariable() throws IOException {
        EnvironmentContract contract = EnvironmentContract.of(aService("inventory-service"));

        assertThat(contract.reason("SPRING_DATASOURCE_ULR")).isEmpty();
        assertThat(contract.reason("EURKEA_URL")).isEmpty();
        assertThat(contract.reason("SERVER_PROT")).isEmpty();
    }

    @Test
    void libraryPropertiesCountOnlyForServicesThatUseTheLibrary() throws IOException {
        Path gateway = aService("gateway-service");
        Files.writeString(gateway.resolve("pom.xml"), "<project><artifactId>gateway-service</artifactId></project>");

        assertThat(EnvironmentContract.of(gateway).reason("ORDERLY_WEB_MAXREQUESTBODYSIZE"))
                .isEmpty();
    }

    @Test
    void reportsTheMisspeltVariableOfAComposeFileAndNothingElse() throws IOException {
        aService("inventory-service");
        Files.createDirectories(root.resolve("docker/postgres"));
        Files.writeString(
                root.resolve(DeploymentEnvironment.POSTGRES_INIT_SCRIPT), "echo \"${INVENTORY_DB_PASSWORD:-x}\"\n");
        String compose = """
                x-eureka: &eureka
                  EUREKA_URL: http://discovery-service:8761/eureka/
                services:
                  postgres:
                    environment:
                      POSTGRES_PASSWORD: postgres
                      INVENTORY_DB_PASSWORD: inventory
                  inventory-service:
                    environment:
                      <<: *eureka
                      SPRING_DATASOURCE_URL: jdbc:postgresql://postgres:5432/inventory
                      SPRING_DATASOURCE_USERNAM: inventory
                """;

        var settings = DeploymentEnvironment.composeSettings(compose, "compose.yml");

        assertThat(settings).extracting(Setting::variable).contains("EUREKA_URL");
        assertThat(new DeploymentEnvironment(root).violations(settings))
                .containsExactly("compose.yml: inventory-service does not read SPRING_DATASOURCE_USERNAM");
    }

    @Test
    void reportsAKubernetesVariableThatComesFromAConfigMapKeyNobodyReads() throws IOException {
        aService("inventory-service");
        var documents = Repository.yamlDocuments("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: inventory-service-config
                data:
                  SPRING_DATASOURCE_URL: jdbc:postgresql://postgres:5432/inventory
                  EUREKA_ULR: http://discovery-service:8761/eureka/
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: inventory-service
                spec:
                  template:
                    spec:
                      containers:
                        - name: inventory-service
                          envFrom:
                            - configMapRef:
                                name: inventory-service-config
                            - configMapRef:
                                name: missing-config
                          env:
                            - name: SERVER_PORT
                              value: "8081"
                """);

        var settings = DeploymentEnvironment.kubernetesSettings(Map.of("inventory.yaml", documents));

        assertThat(new DeploymentEnvironment(root).violations(settings))
                .containsExactlyInAnyOrder(
                        "inventory.yaml via envFrom ConfigMap/inventory-service-config: inventory-service does not read EUREKA_ULR",
                        "inventory.yaml: inventory-service does not read <envFrom ConfigMap/missing-config, defined nowhere>");
    }

    @Test
    void aVariableKubernetesExpandsIntoALaterOneIsReadAndAReferenceToAnUndefinedOneIsReported() throws IOException {
        aService("inventory-service");
        var documents = Repository.yamlDocuments("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: inventory-service
                spec:
                  template:
                    spec:
                      containers:
                        - name: inventory-service
                          env:
                            - name: ORDERLY_EUREKA_PASSWORD
                              valueFrom:
                                secretKeyRef:
                                  name: orderly-eureka
                                  key: password
                            - name: EUREKA_URL
                              value: http://eureka:$(ORDERLY_EUREKA_PASSWORD)@discovery-service:8761/eureka/
                            - name: SPRING_DATASOURCE_URL
                              value: jdbc:postgresql://$(DB_HOST):5432/inventory?x=$$(LITERAL)
                            - name: DB_HOST
                              value: postgres
                """);

        var settings = DeploymentEnvironment.kubernetesSettings(Map.of("inventory.yaml", documents));

        assertThat(settings)
                .filteredOn(setting -> setting.variable().equals("ORDERLY_EUREKA_PASSWORD"))
                .singleElement()
                .extracting(Setting::expandedInto)
                .isEqualTo("EUREKA_URL");
        // DB_HOST comes after the variable that refers to it: Kubernetes would not expand it, and nothing reads it.
        assertThat(new DeploymentEnvironment(root).violations(settings))
                .containsExactlyInAnyOrder(
                        "inventory.yaml: inventory-service does not read <$(DB_HOST) in SPRING_DATASOURCE_URL, "
                                + "not defined before it>",
                        "inventory.yaml: inventory-service does not read DB_HOST");
    }

    private Path aService(String name) throws IOException {
        Path module = root.resolve(name);
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.writeString(module.resolve("pom.xml"), """
                <project><artifactId>%s</artifactId><dependencies>
                  <dependency><groupId>io.orderly</groupId><artifactId>web-problems</artifactId></dependency>
                </dependencies></project>
                """.formatted(name));
        Files.writeString(module.resolve("src/main/resources/application.yml"), """
                spring:
                  application:
                    name: %s
                eureka:
                  client:
                    service-url:
                      defaultZone: ${EUREKA_URL:http://127.0.0.1:8761/eureka/}
                orderly:
                  inventory:
                    reservation-timeout: 30s
                """.formatted(name));
        return module;
    }
}
