package io.orderly.discovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;

/** Raw calls to Eureka's REST API, as any client on the network could make them, with or without credentials. */
final class RegistryRequests {

    static final String USER = "eureka";
    static final String PASSWORD = "registry-test-password";

    /**
     * The credentials the tests give the registry, as properties: they outrank environment
     * variables, so that an ORDERLY_EUREKA_PASSWORD in the developer's shell changes nothing here.
     */
    static final String USER_PROPERTY = "orderly.eureka.user=" + USER;

    static final String PASSWORD_PROPERTY = "orderly.eureka.password=" + PASSWORD;

    /** Those credentials, as an Authorization header. */
    static final String CREDENTIALS = basic(USER, PASSWORD);

    static final String WRONG_PASSWORD = basic("eureka", "guessed");

    static final String NONE = null;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int port;

    RegistryRequests(int port) {
        this.port = port;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON body a Eureka client sends to register an instance of {@code app} at {@code ip:port}. */
    static String anInstance(String app, String instanceId, String ip, int port) {
        return """
                {"instance": {
                  "instanceId": "%2$s", "app": "%1$s", "vipAddress": "%3$s", "hostName": "%4$s",
                  "ipAddr": "%4$s", "status": "UP", "port": {"$": %5$d, "@enabled": "true"},
                  "securePort": {"$": 443, "@enabled": "false"},
                  "dataCenterInfo": {"@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo",
                                     "name": "MyOwn"}}}
                """.formatted(app, instanceId, app.toLowerCase(), ip, port);
    }

    HttpResponse<String> send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    HttpResponse<String> get(String path, String authorization) {
        return send("GET", path, null, authorization);
    }

    HttpResponse<String> register(String app, String instanceId, String authorization) {
        return send("POST", "/eureka/apps/" + app, anInstance(app, instanceId, "10.6.6.6", 9999), authorization);
    }

    HttpResponse<String> renew(String app, String instanceId, String authorization) {
        return send("PUT", "/eureka/apps/" + app + "/" + instanceId, null, authorization);
    }

    HttpResponse<String> setStatus(String app, String instanceId, String status, String authorization) {
        return send("PUT", "/eureka/apps/" + app + "/" + instanceId + "/status?value=" + status, null, authorization);
    }

    HttpResponse<String> deregister(String app, String instanceId, String authorization) {
        return send("DELETE", "/eureka/apps/" + app + "/" + instanceId, null, authorization);
    }

    /** The instance's status as the registry lists it (read with the credentials), or null when it is not listed. */
    String listedStatus(String app, String instanceId) {
        HttpResponse<String> response = get("/eureka/apps/" + app + "/" + instanceId, CREDENTIALS);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET instance: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("instance").path("status").asString();
    }
}
