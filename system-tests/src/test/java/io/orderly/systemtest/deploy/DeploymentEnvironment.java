package io.orderly.systemtest.deploy;

import static io.orderly.systemtest.deploy.Repository.list;
import static io.orderly.systemtest.deploy.Repository.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables the deployment files set, per container, and the check that each is
 * read by what runs there: a service module ({@link EnvironmentContract}) or the postgres image
 * with its init script.
 */
final class DeploymentEnvironment {

    /**
     * One variable set for one container, and where it is set (for the failure message); {@code
     * expandedInto} names the later variable of the same container whose value Kubernetes composes
     * from it with {@code $(variable)}, or is null.
     */
    record Setting(String container, String variable, String source, String expandedInto) {

        Setting(String container, String variable, String source) {
            this(container, variable, source, null);
        }
    }

    /** A dependent environment variable's reference: {@code $(NAME)} (Kubernetes leaves {@code $$(NAME)} alone). */
    private static final Pattern REFERENCE = Pattern.compile("(?<!\\$)\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /** The postgres image's own variables (https://hub.docker.com/_/postgres, "Environment Variables"). */
    static final Set<String> POSTGRES_IMAGE_VARIABLES = Set.of(
            "POSTGRES_USER",
            "POSTGRES_PASSWORD",
            "POSTGRES_DB",
            "POSTGRES_INITDB_ARGS",
            "POSTGRES_INITDB_WALDIR",
            "POSTGRES_HOST_AUTH_METHOD",
            "PGDATA");

    static final String POSTGRES_INIT_SCRIPT = "docker/postgres/init-databases.sh";

    /**
     * The upstream images of compose's observability profile and what each reads: Grafana maps every
     * {@code GF_<SECTION>_<KEY>} onto its configuration; Prometheus's entrypoint in
     * docker-compose.yml writes the registry's user and password into its config and password file.
     */
    static final Map<String, Predicate<String>> UPSTREAM_OBSERVABILITY = Map.of(
            "grafana",
            variable -> variable.startsWith("GF_"),
            "prometheus",
            Set.of("EUREKA_USER", "EUREKA_PASSWORD")::contains);

    private final Path root;

    DeploymentEnvironment(Path root) {
        this.root = root;
    }

    /** Variables set by a compose file, per service (map and list forms of environment:). */
    static List<Setting> composeSettings(String composeYaml, String source) {
        List<Setting> settings = new ArrayList<>();
        Map<String, Object> services =
                map(map(Repository.yamlDocuments(composeYaml).getFirst()).get("services"));
        services.forEach((service, definition) -> {
            Object environment = map(definition).get("environment");
            if (environment instanceof Map<?, ?> variables) {
                variables.keySet().forEach(name -> settings.add(new Setting(service, String.valueOf(name), source)));
            }
            for (Object entry : list(environment)) {
                settings.add(new Setting(service, String.valueOf(entry).split("=", 2)[0], source));
            }
        });
        return settings;
    }

    /**
     * Variables set by Kubernetes manifests for each container of a Deployment or StatefulSet:
     * env entries and the keys of the ConfigMaps and Secrets named by envFrom. ConfigMaps are
     * looked up in all the given documents (base files and overlay patches alike).
     */
    static List<Setting> kubernetesSettings(Map<String, List<Object>> documentsBySource) {
        Map<String, Set<String>> keysByConfigSource = new HashMap<>();
        documentsBySource.values().stream()
                .flatMap(List::stream)
                .map(Repository::map)
                .forEach(object -> {
                    String kind = String.valueOf(object.get("kind"));
                    if (kind.equals("ConfigMap") || kind.equals("Secret")) {
                        String name = kind + "/" + map(object.get("metadata")).get("name");
                        Set<String> keys = keysByConfigSource.computeIfAbsent(name, n -> new LinkedHashSet<>());
                        keys.addAll(map(object.get("data")).keySet());
                        keys.addAll(map(object.get("stringData")).keySet());
                    }
                });
        List<Setting> settings = new ArrayList<>();
        documentsBySource.forEach((source, documents) -> documents.stream()
                .map(Repository::map)
                .filter(object -> Set.of("Deployment", "StatefulSet").contains(String.valueOf(object.get("kind"))))
                .forEach(workload -> {
                    Map<String, Object> podSpec =
                            map(map(map(workload.get("spec")).get("template")).get("spec"));
                    for (Object containerNode : list(podSpec.get("containers"))) {
                        Map<String, Object> container = map(containerNode);
                        String name = String.valueOf(container.get("name"));
                        List<Setting> fromEnvFrom = new ArrayList<>();
                        for (Object envFrom : list(container.get("envFrom"))) {
                            fromEnvFrom.addAll(envFromSettings(name, map(envFrom), keysByConfigSource, source));
                        }
                        settings.addAll(envSettings(name, list(container.get("env")), fromEnvFrom, source));
                        settings.addAll(fromEnvFrom);
                    }
                }));
        return settings;
    }

    /**
     * A container's env entries. Kubernetes expands {@code $(NAME)} in a value from the variables
     * defined before it (envFrom first, then the earlier env entries): such a NAME counts as read
     * (by Kubernetes, into the later variable), and a reference to a name not defined before it,
     * which Kubernetes would leave as it is, is reported.
     */
    private static List<Setting> envSettings(
            String container, List<Object> env, List<Setting> fromEnvFrom, String source) {
        List<String> names = env.stream()
                .map(entry -> String.valueOf(map(entry).get("name")))
                .toList();
        Map<String, String> expandedInto = new HashMap<>();
        List<Setting> undefined = new ArrayList<>();
        Set<String> defined = new HashSet<>();
        fromEnvFrom.forEach(setting -> defined.add(setting.variable()));
        for (int i = 0; i < env.size(); i++) {
            Object value = map(env.get(i)).get("value");
            Matcher reference = REFERENCE.matcher(value == null ? "" : String.valueOf(value));
            while (reference.find()) {
                String referenced = reference.group(1);
                if (defined.contains(referenced)) {
                    expandedInto.putIfAbsent(referenced, names.get(i));
                } else {
                    undefined.add(new Setting(
                            container,
                            "<$(" + referenced + ") in " + names.get(i) + ", not defined before it>",
                            source));
                }
            }
            defined.add(names.get(i));
        }
        List<Setting> settings = new ArrayList<>();
        for (String name : names) {
            settings.add(new Setting(container, name, source, expandedInto.get(name)));
        }
        settings.addAll(undefined);
        return settings;
    }

    private static List<Setting> envFromSettings(
            String container, Map<String, Object> envFrom, Map<String, Set<String>> keysByConfigSource, String source) {
        String prefix = String.valueOf(envFrom.getOrDefault("prefix", ""));
        String reference = envFrom.containsKey("configMapRef")
                ? "ConfigMap/" + map(envFrom.get("configMapRef")).get("name")
                : "Secret/" + map(envFrom.get("secretRef")).get("name");
        Set<String> keys = keysByConfigSource.get(reference);
        if (keys == null) {
            return List.of(new Setting(container, "<envFrom " + reference + ", defined nowhere>", source));
        }
        return keys.stream()
                .map(key -> new Setting(container, prefix + key, source + " via envFrom " + reference))
                .toList();
    }

    /** Every document of every manifest under k8s/, with the inline patches of kustomization files. */
    Map<String, List<Object>> kubernetesDocuments() {
        Map<String, List<Object>> documents = new HashMap<>();
        try (Stream<Path> files = Files.walk(root.resolve("k8s"))) {
            files.filter(file ->
                            file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .forEach(file -> {
                        String source = root.relativize(file).toString();
                        List<Object> fileDocuments = Repository.yamlDocuments(Repository.read(file));
                        documents.put(source, fileDocuments);
                        for (Object document : fileDocuments) {
                            if ("Kustomization".equals(map(document).get("kind"))) {
                                for (Object patch : list(map(document).get("patches"))) {
                                    Object inline = map(patch).get("patch");
                                    if (inline != null) {
                                        documents
                                                .computeIfAbsent(source + " (patch)", s -> new ArrayList<>())
                                                .addAll(Repository.yamlDocuments(String.valueOf(inline)));
                                    }
                                }
                            }
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    List<Setting> composeSettings() {
        return composeSettings(Repository.read(root.resolve("docker-compose.yml")), "docker-compose.yml");
    }

    List<Setting> kubernetesSettings() {
        return kubernetesSettings(kubernetesDocuments());
    }

    /** One line per variable that nothing in its container reads. */
    List<String> violations(List<Setting> settings) {
        Map<String, EnvironmentContract> contracts = new HashMap<>();
        Path initScript = root.resolve(POSTGRES_INIT_SCRIPT);
        Set<String> postgresInitVariables = Files.isRegularFile(initScript)
                ? EnvironmentContract.placeholdersIn(Repository.read(initScript))
                : Set.of();
        List<String> violations = new ArrayList<>();
        for (Setting setting : settings) {
            Optional<String> reason;
            if (setting.expandedInto() != null) {
                continue; // Kubernetes reads it, to compose the later variable (checked on its own)
            }
            if (setting.container().equals("postgres")) {
                reason = POSTGRES_IMAGE_VARIABLES.contains(setting.variable())
                        ? Optional.of("postgres image")
                        : postgresInitVariables.contains(setting.variable())
                                ? Optional.of(POSTGRES_INIT_SCRIPT)
                                : Optional.empty();
            } else if (UPSTREAM_OBSERVABILITY.containsKey(setting.container())) {
                reason = UPSTREAM_OBSERVABILITY.get(setting.container()).test(setting.variable())
                        ? Optional.of("the " + setting.container() + " image of the observability profile")
                        : Optional.empty();
            } else if (Files.isRegularFile(root.resolve(setting.container()).resolve("pom.xml"))) {
                reason = contracts
                        .computeIfAbsent(setting.container(), c -> EnvironmentContract.of(root.resolve(c)))
                        .reason(setting.variable());
            } else {
                violations.add(setting.source() + ": container '" + setting.container()
                        + "' is neither a module of this repository nor postgres");
                continue;
            }
            if (reason.isEmpty()) {
                violations.add(setting.source() + ": " + setting.container() + " does not read " + setting.variable());
            }
        }
        return violations;
    }
}
