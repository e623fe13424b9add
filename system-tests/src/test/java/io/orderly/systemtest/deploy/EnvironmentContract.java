package io.orderly.systemtest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables one service reads: a {@code ${NAME}} placeholder in its
 * application*.yml, or the relaxed-binding form of a property it has (its own yml's keys, the
 * well-known Spring Boot / Spring Cloud properties below, its libraries' properties), or a
 * variable the JVM itself reads.
 */
final class EnvironmentContract {

    /** Properties Spring Boot or Spring Cloud bind for every Orderly service, set or not in its yml. */
    static final List<String> WELL_KNOWN_PROPERTIES = List.of(
            "server.port",
            "server.shutdown",
            "spring.application.name",
            "spring.profiles.active",
            "spring.datasource.url",
            "spring.datasource.username",
            "spring.datasource.password",
            "spring.threads.virtual.enabled",
            "spring.lifecycle.timeout-per-shutdown-phase",
            "logging.level.root",
            "management.server.port",
            "management.endpoints.web.exposure.include",
            "eureka.client.enabled",
            "eureka.instance.hostname",
            "eureka.instance.ip-address",
            "eureka.instance.prefer-ip-address");

    /** Properties of the project's libraries, for the services whose pom depends on them. */
    static final Map<String, List<String>> LIBRARY_PROPERTIES = Map.of(
            "web-problems",
            List.of("orderly.web.max-request-body-size", "orderly.web.unavailable-retry-after"),
            // Read by io.orderly.lifecycle.tracing.TracingDefaults: where to send spans.
            "service-lifecycle",
            List.of("ZIPKIN_URL"));

    /** Read by the JVM (the java launcher), not by Spring. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}\\s]+)");

    private static final Pattern INDEX = Pattern.compile("\\[(\\w+)]");

    private final String service;

    private final Set<String> placeholders;

    private final Set<String> properties;

    EnvironmentContract(String service, Set<String> placeholders, Set<String> properties) {
        this.service = service;
        this.placeholders = Set.copyOf(placeholders);
        this.properties = Set.copyOf(properties);
    }

    /** The contract of the service module in {@code moduleDir}, read from its sources. */
    static EnvironmentContract of(Path moduleDir) {
        Set<String> placeholders = new HashSet<>();
        Set<String> properties = new HashSet<>(WELL_KNOWN_PROPERTIES);
        for (Path yml : applicationYamls(moduleDir.resolve("src/main/resources"))) {
            String text = Repository.read(yml);
            placeholders.addAll(placeholdersIn(text));
            for (Object document : Repository.yamlDocuments(text)) {
                flatten("", document, properties);
            }
        }
        String pom = Repository.read(moduleDir.resolve("pom.xml"));
        LIBRARY_PROPERTIES.forEach((library, libraryProperties) -> {
            if (pom.contains("<artifactId>" + library + "</artifactId>")) {
                properties.addAll(libraryProperties);
            }
        });
        return new EnvironmentContract(moduleDir.getFileName().toString(), placeholders, properties);
    }

    /** Why the service reads {@code variable}, or empty if it does not. */
    Optional<String> reason(String variable) {
        if (JVM_VARIABLES.contains(variable)) {
            return Optional.of("read by the JVM");
        }
        for (String placeholder : placeholders) {
            if (placeholder.equals(variable)
                    || environmentVariables(placeholder).contains(variable)) {
                return Optional.of("placeholder ${" + placeholder + "} in " + service + "'s application.yml");
            }
        }
        for (String property : properties) {
            if (environmentVariables(property).contains(variable)) {
                return Optional.of("binds property " + property);
            }
        }
        return Optional.empty();
    }

    String service() {
        return service;
    }

    /**
     * Spring Boot's relaxed binding from a property to the environment variables that set it:
     * dots become underscores, list indexes _n_, upper case; dashes are removed (the canonical
     * form) or become underscores (the legacy form Boot still accepts). So
     * {@code eureka.instance.ip-address} is set by {@code EUREKA_INSTANCE_IPADDRESS} and
     * {@code EUREKA_INSTANCE_IP_ADDRESS}, and {@code my.list[0].name} by {@code MY_LIST_0_NAME}.
     */
    static Set<String> environmentVariables(String property) {
        String indexed =
                INDEX.matcher(property).replaceAll("_$1_").replace("_.", "_").replaceAll("_+$", "");
        String underscored = indexed.replace('.', '_').toUpperCase(Locale.ROOT);
        return new LinkedHashSet<>(List.of(underscored.replace("-", ""), underscored.replace('-', '_')));
    }

    static Set<String> placeholdersIn(String text) {
        Set<String> names = new HashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static void flatten(String prefix, Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach(
                    (key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, into));
        } else if (node instanceof List<?> list) {
            into.add(prefix);
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else if (!prefix.isEmpty()) {
            into.add(prefix);
        }
    }

    private static List<Path> applicationYamls(Path resources) {
        if (!Files.isDirectory(resources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(resources)) {
            return files.filter(file -> file.getFileName().toString().matches("application(-[\\w-]+)?\\.ya?ml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
