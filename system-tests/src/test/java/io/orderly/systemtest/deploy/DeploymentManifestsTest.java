package io.orderly.systemtest.deploy;

import static io.orderly.systemtest.deploy.Repository.list;
import static io.orderly.systemtest.deploy.Repository.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The promises docs/deployment.md makes about docker-compose.yml and k8s/, read off the files. */
class DeploymentManifestsTest {

    private static final List<String> DOMAIN_SERVICES =
            List.of("inventory-service", "payment-service", "order-service");

    /** Spring's spring.lifecycle.timeout-per-shutdown-phase in every service. */
    private static final int SHUTDOWN_PHASE_SECONDS = 20;

    private static final Pattern SLEEP = Pattern.compile("sleep (\\d+)");

    private final Path root = Repository.root();

    private final Map<String, Object> composeServices =
            map(map(Repository.yamlDocuments(Repository.read(root.resolve("docker-compose.yml")))
                            .getFirst())
                    .get("services"));

    private final List<Map<String, Object>> k8sObjects = new DeploymentEnvironment(root)
            .kubernetesDocuments().entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith("k8s/base/"))
                    .flatMap(entry -> entry.getValue().stream())
                    .map(Repository::map)
                    .toList();

    @Test
    void composeDomainServicesCanBeScaledAndWaitForWhatTheyNeed() {
        for (String service : DOMAIN_SERVICES) {
            Map<String, Object> definition = map(composeServices.get(service));
            assertThat(definition).as(service).doesNotContainKeys("ports", "container_name");
            assertThat(map(definition.get("depends_on"))).as(service).containsKeys("postgres", "discovery-service");
            map(definition.get("depends_on"))
                    .forEach((dependency, condition) -> assertThat(map(condition))
                            .as(service + " -> " + dependency)
                            .containsEntry("condition", "service_healthy"));
        }
        assertThat(map(map(composeServices.get("gateway-service")).get("depends_on")))
                .containsKeys(DOMAIN_SERVICES.toArray(String[]::new))
                .allSatisfy((dependency, condition) ->
                        assertThat(map(condition)).containsEntry("condition", "service_healthy"));
    }

    @Test
    void composePublishesOnlyTheGatewayTheEurekaDashboardAndTheLoginAndObservabilityOnThisMachine() {
        // The host ports default to 8080, 8761 and 9000 and can be moved (another stack on the machine).
        // auth-service's is where users log in (./orderly token): this machine only, like the dashboard.
        composeServices.forEach((service, definition) -> {
            List<Object> ports = list(map(definition).get("ports"));
            switch (service) {
                case "gateway-service" ->
                    assertThat(ports).singleElement().isEqualTo("0.0.0.0:${ORDERLY_GATEWAY_PORT:-8080}:8080");
                case "discovery-service" ->
                    assertThat(ports).singleElement().isEqualTo("127.0.0.1:${ORDERLY_EUREKA_PORT:-8761}:8761");
                case "auth-service" ->
                    assertThat(ports).singleElement().isEqualTo("127.0.0.1:${ORDERLY_AUTH_PORT:-9000}:9000");
                // The observability profile's UIs: this machine only.
                case "zipkin" ->
                    assertThat(ports).singleElement().isEqualTo("127.0.0.1:${ORDERLY_ZIPKIN_PORT:-9411}:9411");
                case "prometheus" ->
                    assertThat(ports).singleElement().isEqualTo("127.0.0.1:${ORDERLY_PROMETHEUS_PORT:-9090}:9090");
                case "grafana" ->
                    assertThat(ports).singleElement().isEqualTo("127.0.0.1:${ORDERLY_GRAFANA_PORT:-3000}:3000");
                default -> assertThat(ports).as(service).isEmpty();
            }
        });
    }

    @Test
    void everyComposeContainerHasAMemoryLimitAndARestartPolicy() {
        composeServices.forEach((service, definition) -> {
            assertThat(map(map(map(map(definition).get("deploy")).get("resources"))
                            .get("limits")))
                    .as(service)
                    .containsKey("memory");
            assertThat(map(definition)).as(service).containsKey("restart");
        });
    }

    @Test
    void kubernetesRunsTwoProbedInstancesOfEachDomainServiceWithAnAutoscalerAndABudget() {
        for (String service : DOMAIN_SERVICES) {
            Map<String, Object> deployment = object("Deployment", service);
            assertThat(map(deployment.get("spec"))).as(service).containsEntry("replicas", 2);
            Map<String, Object> container = container(deployment);
            assertThat(map(map(container.get("readinessProbe")).get("httpGet")))
                    .as(service)
                    .containsEntry("path", "/actuator/health/readiness");
            assertThat(map(map(container.get("livenessProbe")).get("httpGet")))
                    .as(service)
                    .containsEntry("path", "/actuator/health/liveness");
            assertThat(map(container.get("resources"))).as(service).containsKeys("requests", "limits");

            Map<String, Object> autoscaler = object("HorizontalPodAutoscaler", service);
            assertThat(autoscaler).containsEntry("apiVersion", "autoscaling/v2");
            assertThat(map(map(autoscaler.get("spec")).get("scaleTargetRef"))).containsEntry("name", service);
            assertThat(map(object("PodDisruptionBudget", service).get("spec"))).containsKey("minAvailable");
        }
    }

    @Test
    void kubernetesWaitsForTheLoadBalancersToForgetAPodThenLetsSpringFinishItsRequests() {
        for (String service : List.of("inventory-service", "payment-service", "order-service", "gateway-service")) {
            Map<String, Object> deployment = object("Deployment", service);
            String preStop = String.join(
                    " ",
                    list(map(map(map(container(deployment).get("lifecycle")).get("preStop"))
                                            .get("exec"))
                                    .get("command"))
                            .stream()
                            .map(String::valueOf)
                            .toList());
            Matcher sleep = SLEEP.matcher(preStop);
            assertThat(sleep.find()).as(service + " preStop sleeps: " + preStop).isTrue();
            int grace = (Integer)
                    map(map(map(deployment.get("spec")).get("template")).get("spec"))
                            .get("terminationGracePeriodSeconds");
            assertThat(grace).as(service).isGreaterThan(Integer.parseInt(sleep.group(1)) + SHUTDOWN_PHASE_SECONDS);
        }
    }

    @Test
    void kubernetesExposesTheGatewayOnly() {
        k8sObjects.stream()
                .filter(object -> "Service".equals(object.get("kind")))
                .forEach(service -> {
                    String name = String.valueOf(map(service.get("metadata")).get("name"));
                    Object type = map(service.get("spec")).getOrDefault("type", "ClusterIP");
                    assertThat(type).as(name).isEqualTo(name.equals("gateway-service") ? "LoadBalancer" : "ClusterIP");
                });
    }

    @Test
    void kubernetesKeepsManagementEndpointsOnAPortThatNoServiceExposes() {
        Pattern defaultPort = Pattern.compile("port: \\$\\{MANAGEMENT_SERVER_PORT:(\\d+)}");
        for (String service : List.of(
                "discovery-service",
                "auth-service",
                "gateway-service",
                "inventory-service",
                "payment-service",
                "order-service")) {
            Matcher yml = defaultPort.matcher(
                    Repository.read(root.resolve(service).resolve("src/main/resources/application.yml")));
            assertThat(yml.find()).as(service + " sets management.server.port").isTrue();
            int management = Integer.parseInt(yml.group(1));

            Map<String, Object> deployment = object("Deployment", service);
            Map<String, Object> container = container(deployment);
            assertThat(list(container.get("ports")))
                    .as(service)
                    .map(Repository::map)
                    .anySatisfy(port -> assertThat(port)
                            .containsEntry("name", "management")
                            .containsEntry("containerPort", management));
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                if (container.containsKey(probe)) {
                    assertThat(map(map(container.get(probe)).get("httpGet")))
                            .as(service + " " + probe)
                            .containsEntry("port", "http");
                }
            }
            Map<String, Object> annotations =
                    map(map(map(map(deployment.get("spec")).get("template")).get("metadata"))
                            .get("annotations"));
            if (annotations.containsKey("prometheus.io/port")) {
                assertThat(annotations).as(service).containsEntry("prometheus.io/port", Integer.toString(management));
            }
            String preStop = String.valueOf(map(container.get("lifecycle")).get("preStop"));
            if (preStop.contains("/actuator/")) {
                assertThat(preStop).as(service).contains("127.0.0.1:" + management + "/actuator/");
            }
            assertThat(list(map(object("Service", service).get("spec")).get("ports")))
                    .as(service + "'s Service")
                    .map(Repository::map)
                    .allSatisfy(port -> assertThat(port.get("targetPort")).isEqualTo("http"))
                    .noneSatisfy(port -> assertThat(port.get("port")).isEqualTo(management));
        }
    }

    private Map<String, Object> object(String kind, String name) {
        return k8sObjects.stream()
                .filter(object -> kind.equals(object.get("kind"))
                        && name.equals(map(object.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in k8s/base"));
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        String name = String.valueOf(map(deployment.get("metadata")).get("name"));
        return list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
                        .get("containers"))
                .stream()
                .map(Repository::map)
                .filter(container -> Objects.equals(container.get("name"), name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }
}
