package io.orderly.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A service instance for gateway tests: answers every request with {@code {"ok":true}}, records
 * "METHOD path" in {@code seen}, and answers paths ending in {@code /slow} 300 ms later (from a
 * scheduler, so that many slow requests are in flight at once and nothing sleeps).
 */
public final class StubInstance {

    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().factory());

    private StubInstance() {}

    public static HttpServer start(List<String> seen) {
        return start(seen, new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    /** As {@link #start(List)}, also recording each request's Authorization header ("-" if none) in {@code authorizations}. */
    public static HttpServer start(List<String> seen, List<String> authorizations) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(authorization == null ? "-" : authorization);
                seen.add(exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath());
                exchange.getRequestBody().readAllBytes();
                if (exchange.getRequestURI().getPath().endsWith("/slow")) {
                    LATER.schedule(() -> answer(exchange), 300, TimeUnit.MILLISECONDS);
                } else {
                    answer(exchange);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on: a dead instance. */
    public static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange) {
        try {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the gateway gave up on this request
        } finally {
            exchange.close();
        }
    }
}
