package io.orderly.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fleet's auth-service, started as its own JVM like every service, and what the other services
 * need to trust it: its JWK set and issuer (the gateway and every service validate tokens), its
 * token endpoint and order-service's client secret (service tokens for the participant calls). It
 * signs with a key file the test writes, as a deployment would configure it.
 */
final class AuthAccess {

    final ServiceProcess process;
    final Tokens tokens;

    private AuthAccess(ServiceProcess process) {
        this.process = process;
        this.tokens = new Tokens(process.url());
    }

    /**
     * Starts auth-service NAME registered with the registry of {@code registryEnv}, waits until it is
     * ready; {@code track} receives the process before it starts (so that the fleet stops it).
     */
    static AuthAccess start(
            String name,
            Map<String, String> registryEnv,
            Path logDir,
            java.util.function.UnaryOperator<ServiceProcess> track,
            Duration timeout) {
        int port = OrderlySystem.freePort();
        Map<String, String> env = new LinkedHashMap<>(registryEnv);
        env.putAll(Tokens.authServiceEnvironment());
        env.put("ORDERLY_AUTH_ISSUER", issuer(port));
        env.put(
                "ORDERLY_AUTH_SIGNING_KEY",
                signingKey(logDir.resolve(name + "-signing-key.pem")).toString());
        ServiceProcess process = track.apply(new ServiceProcess(name, "auth-service", port, env, logDir));
        process.start();
        process.awaitReady(timeout);
        return new AuthAccess(process);
    }

    /** For the gateway and every service: where auth-service's keys are, whom to trust, how to get a service token. */
    Map<String, String> clientEnvironment() {
        return Map.of(
                "ORDERLY_AUTH_JWKS_URL",
                process.url() + "/oauth2/jwks",
                "ORDERLY_AUTH_ISSUER",
                issuer(process.port),
                "ORDERLY_AUTH_TOKEN_URL",
                process.url() + "/oauth2/token",
                "ORDERLY_AUTH_ORDER_SERVICE_SECRET",
                Tokens.ORDER_SERVICE_SECRET);
    }

    private static String issuer(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** A 2048-bit RSA key as PKCS#8 PEM, as {@code openssl genpkey} writes it. */
    private static Path signingKey(Path file) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes())
                            .encodeToString(
                                    generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            return Files.writeString(file, pem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
