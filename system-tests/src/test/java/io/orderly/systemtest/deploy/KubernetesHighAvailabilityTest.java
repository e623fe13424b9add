package io.orderly.systemtest.deploy;

import static io.orderly.systemtest.deploy.Repository.list;
import static io.orderly.systemtest.deploy.Repository.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What k8s/overlays/ha promises (docs/deployment.md, "High availability on Kubernetes"), read off its
 * files: a CloudNativePG cluster with synchronous replication in place of the demo database, two peered
 * registries every client lists, two replicas and a budget for each service. .ci/validate-deploy
 * checks the same on the rendered output.
 */
class KubernetesHighAvailabilityTest {

    private static final String OVERLAY = "k8s/overlays/ha/";

    private static final Map<String, String> DATABASES =
            Map.of("inventory-service", "inventory", "payment-service", "payments", "order-service", "orders");

    private static final List<String> EUREKA_CLIENTS =
            List.of("auth-service", "gateway-service", "inventory-service", "payment-service", "order-service");

    private final Path root = Repository.root();
    private final Map<String, List<Object>> documents = new DeploymentEnvironment(root).kubernetesDocuments();

    @Test
    void postgresIsACloudNativePgClusterWithSynchronousReplication() {
        Map<String, Object> spec = map(cluster().get("spec"));
        assertThat(cluster()).containsEntry("apiVersion", "postgresql.cnpg.io/v1");
        assertThat((Integer) spec.get("instances")).isGreaterThanOrEqualTo(2);
        Map<String, Object> synchronous = map(map(spec.get("postgresql")).get("synchronous"));
        assertThat(synchronous).containsEntry("method", "any").containsEntry("number", 1);
        assertThat(synchronous.get("dataDurability")).isIn("required", "preferred");
    }

    @Test
    void theClusterCreatesEachServicesDatabaseAndRoleFromTheSecretTheServiceReads() {
        Map<String, Object> spec = map(cluster().get("spec"));
        Map<String, Object> initdb = map(map(spec.get("bootstrap")).get("initdb"));
        String postInitSql = String.join(
                "\n",
                list(initdb.get("postInitSQL")).stream().map(String::valueOf).toList());
        List<Map<String, Object>> roles = list(map(spec.get("managed")).get("roles")).stream()
                .map(Repository::map)
                .toList();
        DATABASES.forEach((service, database) -> {
            if (database.equals(initdb.get("database"))) {
                assertThat(initdb).containsEntry("owner", database);
            } else {
                assertThat(postInitSql)
                        .contains("CREATE ROLE " + database + " LOGIN")
                        .contains("CREATE DATABASE " + database + " OWNER " + database);
            }
            assertThat(postInitSql).contains("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");

            Map<String, Object> role = roles.stream()
                    .filter(r -> database.equals(r.get("name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no managed role " + database));
            String secretName = String.valueOf(map(role.get("passwordSecret")).get("name"));
            Map<String, Object> secret = overlayObject("Secret", secretName);
            assertThat(secret).containsEntry("type", "kubernetes.io/basic-auth");
            assertThat(map(secret.get("stringData"))).containsEntry("username", database);

            Map<String, Object> password = map(map(map(patchedEnv(service).get("SPRING_DATASOURCE_PASSWORD"))
                            .get("valueFrom"))
                    .get("secretKeyRef"));
            assertThat(password).as(service).containsEntry("name", secretName).containsEntry("key", "password");
            assertThat(String.valueOf(
                            map(overlayPatch("ConfigMap", service + "-config").get("data"))
                                    .get("SPRING_DATASOURCE_URL")))
                    .as(service)
                    .startsWith("jdbc:postgresql://" + clusterName() + "-rw:5432/" + database + "?")
                    .contains("targetServerType=primary");
        });
    }

    @Test
    void theDemoDatabaseAndItsPolicyAreDeletedAndTheClusterPodsHaveTheirOwn() {
        List<Map<String, Object>> deletions = overlayPatches()
                .filter(patch -> "delete".equals(patch.get("$patch")))
                .toList();
        for (String[] object : List.of(
                new String[] {"StatefulSet", "postgres"},
                new String[] {"Service", "postgres"},
                new String[] {"ConfigMap", "postgres-init"},
                new String[] {"Secret", "orderly-db"},
                new String[] {"NetworkPolicy", "postgres-from-domain-services"},
                new String[] {"Deployment", "discovery-service"})) {
            assertThat(deletions)
                    .as("a delete patch for " + Arrays.toString(object))
                    .anySatisfy(patch -> {
                        assertThat(patch).containsEntry("kind", object[0]);
                        assertThat(map(patch.get("metadata"))).containsEntry("name", object[1]);
                    });
        }
        Map<String, Object> policy = overlayResources()
                .filter(o -> "NetworkPolicy".equals(o.get("kind")))
                .filter(o -> clusterName()
                        .equals(map(map(map(o.get("spec")).get("podSelector")).get("matchLabels"))
                                .get("cnpg.io/cluster")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy for the Cluster's pods"));
        // Orderly's pods of this namespace (the operator's, in its own namespace, aside).
        List<Object> admitted = list(map(policy.get("spec")).get("ingress")).stream()
                .flatMap(rule -> list(map(rule).get("from")).stream())
                .filter(peer -> !map(peer).containsKey("namespaceSelector"))
                .map(peer -> map(map(map(peer).get("podSelector")).get("matchLabels"))
                        .get("app.kubernetes.io/name"))
                .filter(Objects::nonNull)
                .toList();
        assertThat(admitted).containsExactlyInAnyOrderElementsOf(DATABASES.keySet());
    }

    @Test
    void twoPeeredRegistriesThatEveryClientLists() {
        Map<String, Object> registry = overlayObject("StatefulSet", "discovery-service");
        Map<String, Object> spec = map(registry.get("spec"));
        assertThat(spec).containsEntry("replicas", 2);
        String peers = String.valueOf(spec.get("serviceName"));
        assertThat(map(overlayObject("Service", peers).get("spec"))).containsEntry("clusterIP", "None");
        List<String> nodes = IntStream.range(0, 2)
                .mapToObj(i -> "discovery-service-" + i + "." + peers)
                .toList();

        Map<String, Map<String, Object>> registryEnv = env(registry, "discovery-service");
        assertThat(hosts(registryEnv.get("EUREKA_PEER_URLS"))).containsExactlyElementsOf(nodes);
        assertThat(registryEnv.get("EUREKA_HOSTNAME")).containsEntry("value", "$(POD_NAME)." + peers);
        assertThat(registryEnv.get("EUREKA_PEER_SYNC")).containsEntry("value", "true");

        for (String client : EUREKA_CLIENTS) {
            Map<String, Map<String, Object>> clientEnv = overlayPatches("Deployment", client)
                    .map(patch -> env(patch, client))
                    .filter(env -> env.containsKey("EUREKA_URL"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no patch sets " + client + "'s EUREKA_URL"));
            assertThat(hosts(clientEnv.get("EUREKA_URL"))).as(client).containsExactlyElementsOf(nodes);
            // Kustomize puts a patch's entries first: the credentials must come before the URL there.
            assertThat(List.copyOf(clientEnv.keySet()))
                    .as(client)
                    .containsSubsequence("ORDERLY_EUREKA_USER", "ORDERLY_EUREKA_PASSWORD", "EUREKA_URL");
        }
        Map<String, Object> registryPolicy = overlayPatch("NetworkPolicy", "discovery-service-from-services");
        assertThat(String.valueOf(map(registryPolicy.get("spec")).get("ingress")))
                .as("the peers reach each other")
                .contains("app.kubernetes.io/name=discovery-service");
    }

    @Test
    void authServiceRunsTwoReplicasOnOneKeyWithStickyClients() {
        Map<String, Object> deployment = overlayPatch("Deployment", "auth-service");
        assertThat(map(deployment.get("spec"))).containsEntry("replicas", 2);
        assertThat(map(map(deployment.get("spec")).get("strategy"))).containsEntry("type", "RollingUpdate");
        String keyFile = String.valueOf(
                env(deployment, "auth-service").get("ORDERLY_AUTH_SIGNING_KEY").get("value"));
        Map<String, Object> pod =
                map(map(map(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Object> volume = list(pod.get("volumes")).stream()
                .map(Repository::map)
                .filter(v -> v.containsKey("secret"))
                .findFirst()
                .orElseThrow();
        assertThat(map(volume.get("secret"))).containsEntry("secretName", "orderly-auth-key");
        assertThat(list(map(list(pod.get("containers")).getFirst()).get("volumeMounts")))
                .map(Repository::map)
                .anySatisfy(mount -> {
                    assertThat(mount).containsEntry("name", volume.get("name"));
                    assertThat(keyFile).startsWith(mount.get("mountPath") + "/");
                });
        assertThat(map(overlayPatch("Service", "auth-service").get("spec")))
                .containsEntry("sessionAffinity", "ClientIP");
    }

    @Test
    void everyServiceHasABudgetInTheBaseOrTheOverlay() {
        List<Object> budgeted = Stream.concat(
                        base().filter(o -> "PodDisruptionBudget".equals(o.get("kind"))),
                        overlayResources().filter(o -> "PodDisruptionBudget".equals(o.get("kind"))))
                .peek(budget -> assertThat(map(budget.get("spec"))).containsEntry("minAvailable", 1))
                .map(budget -> map(map(map(budget.get("spec")).get("selector")).get("matchLabels"))
                        .get("app.kubernetes.io/name"))
                .toList();
        assertThat(budgeted)
                .containsExactlyInAnyOrder(
                        "discovery-service",
                        "auth-service",
                        "gateway-service",
                        "inventory-service",
                        "payment-service",
                        "order-service");
    }

    @Test
    void theRegistryPodsMeetTheRestrictedProfileWithoutAToken() {
        Map<String, Object> pod =
                map(map(map(overlayObject("StatefulSet", "discovery-service").get("spec"))
                                .get("template"))
                        .get("spec"));
        assertThat(pod).containsEntry("automountServiceAccountToken", false);
        assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true);
        Map<String, Object> security =
                map(map(list(pod.get("containers")).getFirst()).get("securityContext"));
        assertThat(security).containsEntry("allowPrivilegeEscalation", false);
        assertThat(list(map(security.get("capabilities")).get("drop"))).containsExactly("ALL");
    }

    /** The hosts of a comma-separated list of registry URLs, each carrying the registry's credentials. */
    private static List<String> hosts(Map<String, Object> variable) {
        return Arrays.stream(String.valueOf(variable.get("value")).split(","))
                .map(url -> {
                    assertThat(url).startsWith("http://$(ORDERLY_EUREKA_USER):$(ORDERLY_EUREKA_PASSWORD)@");
                    URI uri = URI.create(url.replace("$(ORDERLY_EUREKA_USER):$(ORDERLY_EUREKA_PASSWORD)", "u:p"));
                    assertThat(uri.getPort()).isEqualTo(8761);
                    assertThat(uri.getPath()).isEqualTo("/eureka/");
                    return uri.getHost();
                })
                .toList();
    }

    /** A container's env entries by name, in their order. */
    private static Map<String, Map<String, Object>> env(Map<String, Object> workload, String container) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        list(map(map(map(workload.get("spec")).get("template")).get("spec")).get("containers")).stream()
                .map(Repository::map)
                .filter(c -> container.equals(c.get("name")))
                .flatMap(c -> list(c.get("env")).stream())
                .map(Repository::map)
                .forEach(entry -> env.put(String.valueOf(entry.get("name")), entry));
        return env;
    }

    /** A container's env entries as the overlay's patches of its Deployment set them, all patches together. */
    private Map<String, Map<String, Object>> patchedEnv(String service) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        overlayPatches("Deployment", service).forEach(patch -> env.putAll(env(patch, service)));
        return env;
    }

    private Map<String, Object> cluster() {
        return overlayResources()
                .filter(o -> "Cluster".equals(o.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Cluster in " + OVERLAY));
    }

    private String clusterName() {
        return String.valueOf(map(cluster().get("metadata")).get("name"));
    }

    private Stream<Map<String, Object>> base() {
        return objectsFrom(source -> source.startsWith("k8s/base/"));
    }

    /** The overlay's own resources: its files' documents, patches left out. */
    private Stream<Map<String, Object>> overlayResources() {
        List<Object> resources = list(overlayKustomization().get("resources"));
        return objectsFrom(
                source -> source.startsWith(OVERLAY) && resources.contains(source.substring(OVERLAY.length())));
    }

    /** The overlay's patches: inline ones and the files named by {@code patches[].path}. */
    private Stream<Map<String, Object>> overlayPatches() {
        List<Object> paths = list(overlayKustomization().get("patches")).stream()
                .map(patch -> map(patch).get("path"))
                .filter(Objects::nonNull)
                .toList();
        return objectsFrom(source -> source.equals(OVERLAY + "kustomization.yaml (patch)")
                || (source.startsWith(OVERLAY) && paths.contains(source.substring(OVERLAY.length()))));
    }

    private Map<String, Object> overlayKustomization() {
        return map(documents.get(OVERLAY + "kustomization.yaml").getFirst());
    }

    private Stream<Map<String, Object>> objectsFrom(Predicate<String> source) {
        return documents.entrySet().stream()
                .filter(entry -> source.test(entry.getKey()))
                .flatMap(entry -> entry.getValue().stream())
                .map(Repository::map);
    }

    private Map<String, Object> overlayObject(String kind, String name) {
        return named(overlayResources(), kind, name);
    }

    private Map<String, Object> overlayPatch(String kind, String name) {
        return named(overlayPatches().filter(patch -> !"delete".equals(patch.get("$patch"))), kind, name);
    }

    private Stream<Map<String, Object>> overlayPatches(String kind, String name) {
        return overlayPatches()
                .filter(patch -> !"delete".equals(patch.get("$patch")))
                .filter(o -> kind.equals(o.get("kind"))
                        && name.equals(map(o.get("metadata")).get("name")));
    }

    private static Map<String, Object> named(Stream<Map<String, Object>> objects, String kind, String name) {
        List<Map<String, Object>> matching = objects.filter(o -> kind.equals(o.get("kind"))
                        && name.equals(map(o.get("metadata")).get("name")))
                .toList();
        assertThat(matching).as(kind + " " + name + " in " + OVERLAY).isNotEmpty();
        return matching.getFirst();
    }
}
