package io.orderly.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gets tokens from auth-service the way a user's program does, over HTTP: the authorization code
 * flow with PKCE (OAuth 2.1 has no password grant), scripted like {@code ./orderly token} - ask to
 * be authorized, log in on the login form (with its CSRF token), follow the redirect that carries
 * the code, and redeem the code with the verifier - and the client credentials grant.
 */
public final class OAuthLogin {

    /** The public client that {@code ./orderly token} and tests log in with. */
    public static final String CLI_CLIENT = "orderly-cli";
    /** Its loopback redirect (RFC 8252): nothing listens there, the code is read from the redirect. */
    public static final String CLI_REDIRECT = "http://127.0.0.1:8400/callback";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI server;

    public OAuthLogin(String serverUrl) {
        this.server = URI.create(serverUrl.endsWith("/") ? serverUrl : serverUrl + "/");
    }

    /** A user's access token; fails with {@link Refused} when the server does not issue one. */
    public String accessToken(String user, String password) {
        return authorizationCode(user, password)
                .map(this::tokenFrom)
                .orElseThrow(() -> new Refused("login refused for " + user));
    }

    /**
     * Logs in and returns the token endpoint's answer to the code redemption, or empty when the
     * login form refused the user (no code was issued).
     */
    public Optional<HttpResponse<String>> authorizationCode(String user, String password) {
        return authorizationCode(user, password, true);
    }

    /**
     * As {@link #authorizationCode(String, String)}; {@code correctVerifier} false redeems the code
     * with another verifier (which the server must refuse).
     */
    public Optional<HttpResponse<String>> authorizationCode(String user, String password, boolean correctVerifier) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String verifier = random(48);
        String state = random(12);
        URI authorize = server.resolve("oauth2/authorize?"
                + form(Map.of(
                        "response_type",
                        "code",
                        "client_id",
                        CLI_CLIENT,
                        "scope",
                        "openid",
                        "redirect_uri",
                        CLI_REDIRECT,
                        "code_challenge",
                        challenge(verifier),
                        "code_challenge_method",
                        "S256",
                        "state",
                        state)));
        HttpResponse<String> first = send(browser, get(authorize));
        if (first.statusCode() != 302 || !location(first).contains("/login")) {
            throw new IllegalStateException("the authorization request was not sent to the login form: "
                    + first.statusCode() + " " + location(first));
        }
        HttpResponse<String> loginPage = send(browser, get(server.resolve("login")));
        Matcher csrf = CSRF.matcher(loginPage.body());
        if (!csrf.find()) {
            throw new IllegalStateException(
                    "no login form at " + server.resolve("login") + ": " + loginPage.statusCode());
        }
        HttpResponse<String> login = send(
                browser,
                post(
                        server.resolve("login"),
                        form(Map.of("username", user, "password", password, "_csrf", csrf.group(1))),
                        null));
        String next = location(login);
        if (!next.contains("/oauth2/authorize")) {
            return Optional.empty();
        }
        HttpResponse<String> redirect = send(browser, get(server.resolve(next)));
        String back = location(redirect);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(back);
        if (!back.startsWith(CLI_REDIRECT + "?") || !back.contains("state=" + state) || !code.find()) {
            throw new IllegalStateException(
                    "no authorization code in the redirect: " + redirect.statusCode() + " " + back);
        }
        return Optional.of(send(
                browser,
                post(
                        server.resolve("oauth2/token"),
                        form(Map.of(
                                "grant_type",
                                "authorization_code",
                                "client_id",
                                CLI_CLIENT,
                                "code",
                                java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                                "redirect_uri",
                                CLI_REDIRECT,
                                "code_verifier",
                                correctVerifier ? verifier : random(48))),
                        null)));
    }

    /** The token endpoint's answer to a client credentials request (HTTP Basic client authentication). */
    public HttpResponse<String> clientCredentials(String clientId, String secret, String scope) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "client_credentials");
        if (scope != null) {
            fields.put("scope", scope);
        }
        return send(client, post(server.resolve("oauth2/token"), form(fields), "Basic " + basic));
    }

    /** The access token in a token endpoint answer; fails with {@link Refused} on an error answer. */
    public String tokenFrom(HttpResponse<String> response) {
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new Refused("the token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        return token.group(1);
    }

    /** The server issued no token. */
    public static final class Refused extends IllegalStateException {
        Refused(String message) {
            super(message);
        }
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "text/html")
                .GET()
                .build();
    }

    private static HttpRequest post(URI uri, String form, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
