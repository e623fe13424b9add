package io.orderly.systemtest;

import java.util.Map;

/**
 * The registry's credentials in the system tests and where they go: discovery-service's own
 * environment, its clients' {@code EUREKA_URL}, and the tests' own reads of Eureka's REST API
 * (which answers 401 without them). Not the development defaults, so that a fleet only works if
 * every process really takes them from its environment.
 */
final class RegistryAccess {

    static final String USER = "orderly-systest";
    static final String PASSWORD = "systest-registry-password";

    private RegistryAccess() {}

    /** For discovery-service: the one user it accepts. */
    static Map<String, String> registryEnvironment() {
        return Map.of("ORDERLY_EUREKA_USER", USER, "ORDERLY_EUREKA_PASSWORD", PASSWORD);
    }

    /** For a client of the registry on {@code registry}: where it is, with the credentials. */
    static Map<String, String> clientEnvironment(ServiceProcess registry) {
        return Map.of(
                "EUREKA_URL",
                "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + registry.port + "/eureka/",
                "EUREKA_INSTANCE_IP_ADDRESS",
                "127.0.0.1");
    }

    /** Eureka's REST API at {@code registryUrl}, called with the credentials. */
    static Api api(String registryUrl) {
        return new Api(registryUrl).withBasicAuth(USER, PASSWORD);
    }

    static Api api(ServiceProcess registry) {
        return api(registry.url());
    }
}
