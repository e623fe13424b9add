package io.orderly.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in for auth-service in a service's own tests: it signs tokens shaped like auth-service's
 * (subject, {@code roles}, {@code scope}, issuer, expiry) and serves its JWK set and a client
 * credentials token endpoint on a loopback port, so that a service under test validates real
 * signed JWTs over HTTP, exactly as it does in production. The system tests use the real
 * auth-service. One instance per test JVM ({@link #shared()}), started on first use.
 *
 * <p>A test points the service at it with {@link #properties()} (for example from a
 * {@code @DynamicPropertySource}).
 */
public final class TestTokens {

    public static final String ISSUER = "http://auth.orderly.test";
    /** The one client the token endpoint knows: order-service, with this secret. */
    public static final String ORDER_SERVICE_SECRET = "order-service-test-secret";

    public static final List<String> ORDER_SERVICE_SCOPES = List.of("inventory.reservations", "payment.payments");

    private static TestTokens shared;

    private final RSAKey key;
    private final RSAKey otherKey;
    private final HttpServer server;
    private volatile int tokenRequests;

    private TestTokens() {
        try {
            key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyIDFromThumbprint(true)
                    .generate();
            otherKey = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyIDFromThumbprint(true)
                    .generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/oauth2/jwks", exchange -> answer(exchange, 200, new JWKSet(key).toString(true)));
        server.createContext("/oauth2/token", this::token);
        server.start();
    }

    /** The stand-in of this test JVM, started on first use. */
    public static synchronized TestTokens shared() {
        if (shared == null) {
            // JDK's HttpServer delays small responses by ~40 ms (Nagle) unless told otherwise.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            shared = new TestTokens();
        }
        return shared;
    }

    /** The properties that make a service validate these tokens and fetch its service tokens here. */
    public Map<String, String> properties() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                base + "/oauth2/jwks",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                ISSUER,
                "spring.security.oauth2.client.provider.orderly.token-uri",
                base + "/oauth2/token",
                "spring.security.oauth2.client.registration.orderly.client-secret",
                ORDER_SERVICE_SECRET);
    }

    /** A customer's token, as {@code ./orderly token c-1} gets it. */
    public String customer(String customerId) {
        return sign(key, customerId, List.of("CUSTOMER"), "openid", ISSUER, Duration.ofMinutes(5));
    }

    /** The administrator's token. */
    public String admin() {
        return sign(key, "admin", List.of("ADMIN"), "openid", ISSUER, Duration.ofMinutes(5));
    }

    /** A service token (client credentials) with these scopes. */
    public String service(String... scopes) {
        return sign(key, "order-service", null, String.join(" ", scopes), ISSUER, Duration.ofMinutes(5));
    }

    /** A customer's token that expired a minute ago. */
    public String expiredCustomer(String customerId) {
        return sign(key, customerId, List.of("CUSTOMER"), "openid", ISSUER, Duration.ofMinutes(-1));
    }

    /** An admin token signed with a key the JWK set does not have (a forgery). */
    public String forgedAdmin() {
        return sign(otherKey, "admin", List.of("ADMIN"), "openid", ISSUER, Duration.ofMinutes(5));
    }

    /** An admin token from another issuer, signed with the right key. */
    public String adminFromAnotherIssuer() {
        return sign(key, "admin", List.of("ADMIN"), "openid", "http://elsewhere.test", Duration.ofMinutes(5));
    }

    /** How many tokens the token endpoint has issued (a client should cache its token). */
    public int tokenRequests() {
        return tokenRequests;
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString(("order-service:" + ORDER_SERVICE_SECRET).getBytes(StandardCharsets.UTF_8));
        boolean basic = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
        boolean post = "order-service".equals(fields.get("client_id"))
                && ORDER_SERVICE_SECRET.equals(fields.get("client_secret"));
        if (!basic && !post) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"client_credentials".equals(fields.get("grant_type"))) {
            answer(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String scope = fields.getOrDefault("scope", String.join(" ", ORDER_SERVICE_SCOPES));
        if (!ORDER_SERVICE_SCOPES.containsAll(Arrays.asList(scope.split(" ")))) {
            answer(exchange, 400, "{\"error\":\"invalid_scope\"}");
            return;
        }
        tokenRequests++;
        String token = service(scope.split(" "));
        answer(
                exchange,
                200,
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":299," + "\"scope\":\""
                        + scope + "\"}");
    }

    private static String sign(
            RSAKey with, String subject, List<String> roles, String scope, String issuer, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", scope)
                .issueTime(Date.from(now.minusSeconds(ttl.isNegative() ? 600 : 0)))
                .notBeforeTime(Date.from(now.minusSeconds(ttl.isNegative() ? 600 : 0)))
                .expirationTime(Date.from(now.plus(ttl)));
        if (roles != null) {
            claims.claim("roles", roles);
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(with));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
