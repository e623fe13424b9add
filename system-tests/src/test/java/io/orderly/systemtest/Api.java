package io.orderly.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client for black-box calls, as a real client would make them. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            // The services speak HTTP/1.1; without this the JDK client tries an h2c upgrade
            // on every new connection (a request timed out once in CI, unexplained; this takes
            // the upgrade out of the picture).
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final String base;
    private final Tokens tokens;
    private final Supplier<String> authorization;

    /** Requests without credentials (a client that has not logged in). */
    Api(String base) {
        this(base, null, null);
    }

    /** Requests without credentials, which {@link #as} can give a user's token from {@code tokens}. */
    Api(String base, Tokens tokens) {
        this(base, tokens, null);
    }

    private Api(String base, Tokens tokens, Supplier<String> authorization) {
        this.base = base;
        this.tokens = tokens;
        this.authorization = authorization;
    }

    /** The same API, every request with HTTP Basic credentials (unless it brings its own Authorization). */
    Api withBasicAuth(String user, String password) {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Api(base, tokens, () -> basic);
    }

    /**
     * The same API as USER (a customer id or {@code admin}): every request carries the user's bearer
     * token from the fleet's auth-service, renewed before it expires.
     */
    Api as(String user) {
        if (tokens == null) {
            throw new IllegalStateException("this Api has no auth-service to log in with: " + base);
        }
        return new Api(base, tokens, () -> "Bearer " + tokens.accessToken(user));
    }

    /** The same API as order-service: a service token for the participants' endpoints. */
    Api asOrderService() {
        if (tokens == null) {
            throw new IllegalStateException("this Api has no auth-service to get a token from: " + base);
        }
        return new Api(base, tokens, () -> "Bearer " + tokens.serviceToken());
    }

    /** The same API without credentials. */
    Api anonymous() {
        return new Api(base, tokens, null);
    }

    /** Whether {@link #as} can log in. */
    boolean canLogIn() {
        return tokens != null;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), Map.of());
    }

    /** The status of a GET, or -1 when there was no answer (nothing listening, a timeout). */
    int statusOf(String path) {
        try {
            return get(path).status();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    /** A plain-text GET, e.g. the Prometheus endpoint (which refuses an Accept of JSON). */
    Response getText(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), Map.of("Accept", "text/plain"));
    }

    Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    Response post(String path, Object body, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(uri(path)).POST(publisher(body)), headers);
    }

    Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(publisher(body)), Map.of());
    }

    Response send(HttpRequest.Builder request, Map<String, String> headers) {
        request.timeout(Duration.ofSeconds(15));
        if (!headers.containsKey("Accept")) {
            request.header("Accept", "application/json, application/problem+json");
        }
        if (authorization != null && !headers.containsKey("Authorization")) {
            request.header("Authorization", authorization.get());
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return HttpRequest.BodyPublishers.ofString(text);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    /** A response with its body parsed on demand. */
    record Response(int status, Map<String, List<String>> headers, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }

        String problemType() {
            return json().path("type").asString();
        }
    }
}
