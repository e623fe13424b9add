package io.orderly.order;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The stand-in auth-service's token endpoint behind a switch: while up it relays every token
 * request to {@code TestTokens}; while down nothing listens on its port (connection refused), as
 * when auth-service is not running.
 */
final class TokenEndpointSwitch {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private HttpServer server;

    private TokenEndpointSwitch(int port) {
        this.port = port;
    }

    static TokenEndpointSwitch start() {
        try (var probe = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            TokenEndpointSwitch endpoint = new TokenEndpointSwitch(probe.getLocalPort());
            probe.close();
            endpoint.up();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/oauth2/token";
    }

    synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/oauth2/token", TokenEndpointSwitch::relay);
        server.start();
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private static void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Callers.TOKENS
                            .properties()
                            .get("spring.security.oauth2.client.provider.orderly.token-uri")))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            exchange.getRequestBody().readAllBytes()));
            for (String header : new String[] {"Authorization", "Content-Type", "Accept"}) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers()
                    .firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
