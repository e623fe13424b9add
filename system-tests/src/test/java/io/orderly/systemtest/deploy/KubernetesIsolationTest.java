package io.orderly.systemtest.deploy;

import static io.orderly.systemtest.deploy.Repository.list;
import static io.orderly.systemtest.deploy.Repository.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * What k8s/ promises about isolation (docs/deployment.md): Pod Security labels, no service account
 * tokens, who may connect to whom, and a managed-db overlay that never ships demo passwords. The
 * NetworkPolicies are evaluated here the way the API defines them for pods of one namespace:
 * a pod selected by no policy accepts anything; once selected, a connection is allowed only if some
 * selecting policy's ingress rule matches its source and port.
 */
class KubernetesIsolationTest {

    /** A client outside the namespace (the Internet through the LoadBalancer, another namespace). */
    private static final String OUTSIDE = "(outside)";

    private static final Map<String, Integer> PORTS = Map.of(
            "gateway-service", 8080,
            "inventory-service", 8081,
            "payment-service", 8082,
            "order-service", 8083,
            "discovery-service", 8761,
            "auth-service", 9000,
            "postgres", 5432);

    private final Path root = Repository.root();
    private final Map<String, List<Object>> documents = new DeploymentEnvironment(root).kubernetesDocuments();
    private final List<Map<String, Object>> base = documents.entrySet().stream()
            .filter(entry -> entry.getKey().startsWith("k8s/base/"))
            .flatMap(entry -> entry.getValue().stream())
            .map(Repository::map)
            .toList();

    @Test
    void theNamespaceEnforcesTheRestrictedPodSecurityProfile() {
        Map<String, Object> namespace = objects("Namespace").getFirst();
        assertThat(map(map(namespace.get("metadata")).get("labels")))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted");
    }

    @Test
    void everyPodRunsWithoutAServiceAccountTokenAndMeetsTheRestrictedProfile() {
        List<Map<String, Object>> workloads = base.stream()
                .filter(o -> List.of("Deployment", "StatefulSet").contains(o.get("kind")))
                .toList();
        assertThat(workloads).hasSize(7);
        for (Map<String, Object> workload : workloads) {
            String name = String.valueOf(map(workload.get("metadata")).get("name"));
            Map<String, Object> pod =
                    map(map(map(workload.get("spec")).get("template")).get("spec"));
            assertThat(pod).as(name).containsEntry("automountServiceAccountToken", false);
            Map<String, Object> podSecurity = map(pod.get("securityContext"));
            assertThat(podSecurity).as(name).containsEntry("runAsNonRoot", true);
            assertThat(map(podSecurity.get("seccompProfile"))).as(name).containsEntry("type", "RuntimeDefault");
            for (Object c : list(pod.get("containers"))) {
                Map<String, Object> security = map(map(c).get("securityContext"));
                assertThat(security).as(name).containsEntry("allowPrivilegeEscalation", false);
                assertThat(list(map(security.get("capabilities")).get("drop")))
                        .as(name)
                        .containsExactly("ALL");
            }
        }
    }

    @Test
    void onlyTheGatewayIsReachableFromOutside() {
        for (String target : PORTS.keySet()) {
            assertThat(allowed(OUTSIDE, target))
                    .as(OUTSIDE + " -> " + target)
                    .isEqualTo(target.equals("gateway-service"));
        }
    }

    @Test
    void participantsAcceptOnlyTheGatewayAndOrderService() {
        for (String participant : List.of("inventory-service", "payment-service")) {
            assertThat(allowed("order-service", participant)).as(participant).isTrue();
            assertThat(allowed("gateway-service", participant)).as(participant).isTrue();
            for (String other : List.of("inventory-service", "payment-service", "discovery-service", "postgres")) {
                assertThat(allowed(other, participant))
                        .as(other + " -> " + participant)
                        .isFalse();
            }
        }
        assertThat(allowed("gateway-service", "order-service")).isTrue();
        assertThat(allowed("inventory-service", "order-service")).isFalse();
    }

    @Test
    void postgresAcceptsOnlyTheDomainServicesAndEurekaOnlyTheServices() {
        for (String source : List.of("inventory-service", "payment-service", "order-service")) {
            assertThat(allowed(source, "postgres")).as(source).isTrue();
            assertThat(allowed(source, "discovery-service")).as(source).isTrue();
        }
        assertThat(allowed("gateway-service", "postgres")).isFalse();
        assertThat(allowed("discovery-service", "postgres")).isFalse();
        assertThat(allowed("gateway-service", "discovery-service")).isTrue();
        assertThat(allowed("postgres", "discovery-service")).isFalse();
    }

    @Test
    void authServiceServesItsKeysAndServiceTokensToTheServicesOnly() {
        for (String source : List.of("gateway-service", "inventory-service", "payment-service", "order-service")) {
            assertThat(allowed(source, "auth-service")).as(source).isTrue();
        }
        assertThat(allowed("postgres", "auth-service")).isFalse();
        assertThat(allowed("auth-service", "discovery-service"))
                .as("it registers")
                .isTrue();
        assertThat(allowed("auth-service", "postgres")).isFalse();
        assertThat(allowed("auth-service", "inventory-service")).isFalse();
    }

    @Test
    void theManagedDatabaseOverlayRendersNoSecretSoItNeverOverwritesTheRealOne() {
        List<Map<String, Object>> deletions =
                documents.getOrDefault("k8s/overlays/managed-db/kustomization.yaml (patch)", List.of()).stream()
                        .map(Repository::map)
                        .filter(patch -> "delete".equals(patch.get("$patch")))
                        .toList();
        // Every demo Secret of the base (the database passwords, the registry's credentials) is deleted.
        List<Object> demoSecrets = objects("Secret").stream()
                .map(secret -> map(secret.get("metadata")).get("name"))
                .toList();
        assertThat(demoSecrets).contains("orderly-db", "orderly-eureka", "orderly-auth");
        for (Object secret : demoSecrets) {
            assertThat(deletions).as("a delete patch for the Secret " + secret).anySatisfy(patch -> {
                assertThat(patch).containsEntry("kind", "Secret");
                assertThat(map(patch.get("metadata"))).containsEntry("name", secret);
            });
        }
        assertThat(documents.get("k8s/overlays/managed-db/kustomization.yaml").stream()
                        .map(Repository::map)
                        .flatMap(k -> list(k.get("resources")).stream())
                        .map(String::valueOf))
                .containsExactly("../../base");
    }

    /** Whether a pod labelled {@code app.kubernetes.io/name=source} may connect to target's port. */
    private boolean allowed(String source, String target) {
        int port = PORTS.get(target);
        List<Map<String, Object>> selecting = objects("NetworkPolicy").stream()
                .map(policy -> map(policy.get("spec")))
                .filter(spec -> list(spec.get("policyTypes")).contains("Ingress"))
                .filter(spec -> selects(map(spec.get("podSelector")), target))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream()
                .flatMap(spec -> list(spec.get("ingress")).stream().map(Repository::map))
                .anyMatch(rule -> portMatches(rule, port) && sourceMatches(rule, source));
    }

    private static boolean selects(Map<String, Object> selector, String app) {
        Map<String, Object> labels = map(selector.get("matchLabels"));
        return labels.isEmpty() || Objects.equals(labels.get("app.kubernetes.io/name"), app);
    }

    private static boolean portMatches(Map<String, Object> rule, int port) {
        List<Object> ports = list(rule.get("ports"));
        return ports.isEmpty() || ports.stream().anyMatch(p -> Objects.equals(map(p).get("port"), port));
    }

    private static boolean sourceMatches(Map<String, Object> rule, String source) {
        List<Object> from = list(rule.get("from"));
        if (from.isEmpty()) {
            return true; // no "from": any source, inside or outside the namespace
        }
        return !source.equals(OUTSIDE)
                && from.stream()
                        .map(Repository::map)
                        .anyMatch(peer -> peer.containsKey("podSelector")
                                && !peer.containsKey("namespaceSelector")
                                && selects(map(peer.get("podSelector")), source));
    }

    private List<Map<String, Object>> objects(String kind) {
        return base.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }
}
