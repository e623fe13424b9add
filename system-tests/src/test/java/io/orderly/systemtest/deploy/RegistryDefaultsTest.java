package io.orderly.systemtest.deploy;

import static io.orderly.systemtest.deploy.Repository.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With nothing set, every service reaches the registry with the credentials the registry accepts
 * with nothing set: the development defaults of the services' EUREKA_URL and of discovery-service's
 * ORDERLY_EUREKA_USER / ORDERLY_EUREKA_PASSWORD are one pair.
 */
class RegistryDefaultsTest {

    private static final Pattern DEFAULT = Pattern.compile("^\\$\\{([A-Z_]+):(.*)}$");

    private final Path root = Repository.root();

    @ParameterizedTest
    @ValueSource(strings = {"gateway-service", "inventory-service", "payment-service", "order-service"})
    void aServiceCarriesTheRegistrysDefaultCredentialsInItsDefaultRegistryUrl(String service) {
        Map<String, Object> registry = application("discovery-service");
        Map<String, Object> credentials = map(map(registry.get("orderly")).get("eureka"));
        String zone = String.valueOf(
                map(map(map(application(service).get("eureka")).get("client")).get("service-url"))
                        .get("defaultZone"));

        URI defaultUrl = URI.create(defaultOf(zone, "EUREKA_URL"));

        assertThat(defaultUrl.getUserInfo())
                .isEqualTo(defaultOf(String.valueOf(credentials.get("user")), "ORDERLY_EUREKA_USER") + ":"
                        + defaultOf(String.valueOf(credentials.get("password")), "ORDERLY_EUREKA_PASSWORD"));
        assertThat(defaultUrl.getPort()).isEqualTo(map(registry.get("server")).get("port"));
    }

    /** The default of a {@code ${VARIABLE:default}} placeholder, which must be the whole value. */
    private static String defaultOf(String value, String variable) {
        Matcher placeholder = DEFAULT.matcher(value);
        assertThat(placeholder.matches())
                .as(value + " is ${" + variable + ":...}")
                .isTrue();
        assertThat(placeholder.group(1)).isEqualTo(variable);
        return placeholder.group(2);
    }

    private Map<String, Object> application(String module) {
        List<Object> documents = Repository.yamlDocuments(
                Repository.read(root.resolve(module).resolve("src/main/resources/application.yml")));
        return map(documents.getFirst());
    }
}
