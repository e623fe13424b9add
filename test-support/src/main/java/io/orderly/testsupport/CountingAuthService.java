package io.orderly.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An auth-service that only counts: every request it gets, whatever the path, is answered with an
 * empty JWK set. For tests that prove a service starts, and serves what needs no token, without
 * asking auth-service anything ({@link #calls()} stays 0), and asks for the keys with the first token.
 */
public final class CountingAuthService {

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    private CountingAuthService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            byte[] noKeys = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, noKeys.length);
            exchange.getResponseBody().write(noKeys);
            exchange.close();
        });
        server.start();
    }

    public static CountingAuthService start() {
        return new CountingAuthService();
    }

    /** The properties that point a service's token checks (JWK set, issuer) here. */
    public Map<String, String> properties() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                base + "/oauth2/jwks",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                base);
    }

    /** Every request that reached it so far. */
    public int calls() {
        return calls.get();
    }

    public void stop() {
        server.stop(0);
    }
}
