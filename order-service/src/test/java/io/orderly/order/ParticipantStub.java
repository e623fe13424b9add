package io.orderly.order;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orderly.testsupport.TestTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * inventory-service and payment-service as docs/architecture.md describes their participant API,
 * in one JDK HTTP server. What they answer is chosen by the request: SKU-NOSTOCK (409
 * insufficient-stock), SKU-UNKNOWN (404 unknown-product), SKU-SLOW (answers after 3 s), SKU-HOLD
 * (answers when released), SKU-FLAKY (503 until {@link #failReservationsUntil}); customers c-poor
 * (409 insufficient-funds) and c-ghost (404 unknown-customer). Every other SKU costs 2.50.
 *
 * <p>Like the real participants it accepts only service tokens with its scope
 * ({@code inventory.reservations} on /reservations, {@code payment.payments} on /payments), signed
 * by the test JVM's stand-in auth-service ({@link TestTokens}) and checked against its JWK set: any
 * other request is answered 401 and recorded in {@link #refusedTokens()}.
 */
public final class ParticipantStub {

    public static final BigDecimal UNIT_PRICE = new BigDecimal("2.50");
    private static final Pattern PATH =
            Pattern.compile("/(reservations|payments)/([^/]+)(?:/(confirm|cancel|capture))?");

    private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*([0-9.]+)");

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> refusedTokens = new CopyOnWriteArrayList<>();
    private final Map<String, String> tokensByPath = new ConcurrentHashMap<>();
    private final AtomicInteger unauthorizedAnswers = new AtomicInteger();
    private final JwtDecoder tokens = serviceTokenDecoder();
    private volatile CountDownLatch hold = new CountDownLatch(1);
    private volatile Instant flakyUntil = Instant.MIN;
    private volatile Pattern unexpectedOn = null;
    private volatile int unexpectedStatus = 0;
    private final ScheduledExecutorService slowAnswers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stub-slow-answers").factory());

    private ParticipantStub(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port of 127.0.0.1; one virtual thread per request, no Nagle delay. */
    public static ParticipantStub start() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            ParticipantStub stub = new ParticipantStub(server);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next {@code count} requests 401 invalid_token, as a participant does to a token it no longer accepts. */
    public void answerUnauthorized(int count) {
        unauthorizedAnswers.set(count);
    }

    /** The requests refused for their token (missing, invalid, or without the path's scope). */
    public List<String> refusedTokens() {
        return List.copyOf(refusedTokens);
    }

    /** The distinct service tokens the accepted requests for these orders carried. */
    public Set<String> tokensFor(List<String> orderIds) {
        Set<String> tokens = new java.util.HashSet<>();
        tokensByPath.forEach((path, token) -> {
            if (orderIds.stream().anyMatch(id -> path.contains("/" + id))) {
                tokens.add(token);
            }
        });
        return tokens;
    }

    public void reset() {
        calls.clear();
        refusedTokens.clear();
        tokensByPath.clear();
        unauthorizedAnswers.set(0);
        hold.countDown();
        hold = new CountDownLatch(1);
        flakyUntil = Instant.MIN;
        unexpectedOn = null;
    }

    /** Answers {@code status} (one the protocol does not expect) to every "METHOD path" matching the regex. */
    public void answerUnexpectedly(int status, String methodAndPath) {
        unexpectedStatus = status;
        unexpectedOn = Pattern.compile(methodAndPath);
    }

    public void answerNormally() {
        unexpectedOn = null;
    }

    /** The calls received for one order, as "METHOD path" with the order id replaced by {id}. */
    public List<String> callsFor(String orderId) {
        List<String> mine = new ArrayList<>();
        for (String call : calls) {
            if (call.contains("/" + orderId)) {
                mine.add(call.replace(orderId, "{id}"));
            }
        }
        return mine;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public void release() {
        hold.countDown();
    }

    public void failReservationsUntil(Instant until) {
        flakyUntil = until;
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean answeredLater = false;
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode request = body.isBlank() ? null : json.readTree(body);
            // The amount as sent on the wire (scale 2), not as parsed.
            Matcher amount = AMOUNT.matcher(body);
            calls.add(method + " " + path + (amount.find() ? " " + amount.group(1) : ""));
            String refusal = refusal(path, exchange.getRequestHeaders().getFirst("Authorization"));
            if (refusal != null || unauthorizedAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (refusal != null) {
                    refusedTokens.add(method + " " + path + ": " + refusal);
                }
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                send(exchange, 401, problem("unauthorized", "This needs a valid bearer token"));
                return;
            }
            Pattern unexpected = unexpectedOn;
            if (unexpected != null && unexpected.matcher(method + " " + path).matches()) {
                send(exchange, unexpectedStatus, problem("forbidden", "Not for you"));
                return;
            }
            Matcher m = PATH.matcher(path);
            if (!m.matches()) {
                send(exchange, 404, problem("not-found", "No such path"));
                return;
            }
            String orderId = m.group(2);
            String action = m.group(3);
            if (action != null) {
                send(exchange, 200, json.writeValueAsString(Map.of("orderId", orderId)));
            } else if (m.group(1).equals("reservations")) {
                answeredLater = reserve(exchange, orderId, request);
            } else {
                authorize(exchange, orderId, request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!answeredLater) {
                exchange.close();
            }
        }
    }

    /** Answers a reservation; true when the answer was scheduled for later (SKU-SLOW). */
    private boolean reserve(HttpExchange exchange, String orderId, JsonNode request)
            throws IOException, InterruptedException {
        boolean slow = false;
        List<Map<String, Object>> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (JsonNode item : request.get("items")) {
            String sku = item.get("sku").asString();
            int quantity = item.get("quantity").asInt();
            switch (sku) {
                case "SKU-NOSTOCK" -> {
                    send(exchange, 409, problem("insufficient-stock", "Not enough " + sku));
                    return false;
                }
                case "SKU-UNKNOWN" -> {
                    send(exchange, 404, problem("unknown-product", "No product " + sku));
                    return false;
                }
                case "SKU-SLOW" -> slow = true; // a 3 s service time, answered from the scheduler
                case "SKU-HOLD" -> hold.await(3000, TimeUnit.MILLISECONDS);
                case "SKU-FLAKY" -> {
                    if (clock.instant().isBefore(flakyUntil)) {
                        send(exchange, 503, problem("service-unavailable", "Starting up"));
                        return false;
                    }
                }
                default -> {}
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", sku);
            line.put("quantity", quantity);
            line.put("unitPrice", UNIT_PRICE);
            lines.add(line);
            total = total.add(UNIT_PRICE.multiply(BigDecimal.valueOf(quantity)));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("orderId", orderId);
        answer.put("status", "RESERVED");
        answer.put("lines", lines);
        answer.put("total", total);
        String body = json.writeValueAsString(answer);
        if (!slow) {
            send(exchange, 201, body);
            return false;
        }
        slowAnswers.schedule(
                () -> {
                    try (exchange) {
                        send(exchange, 201, body);
                    } catch (IOException e) {
                        // the client gave up (read timeout) and closed the connection
                    }
                },
                3,
                TimeUnit.SECONDS);
        return true;
    }

    private void authorize(HttpExchange exchange, String orderId, JsonNode request) throws IOException {
        String customerId = request.get("customerId").asString();
        switch (customerId) {
            case "c-poor" -> send(exchange, 409, problem("insufficient-funds", "Not enough money"));
            case "c-ghost" -> send(exchange, 404, problem("unknown-customer", "No customer " + customerId));
            default -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("orderId", orderId);
                answer.put("customerId", customerId);
                answer.put("status", "AUTHORIZED");
                answer.put("amount", request.get("amount"));
                answer.put("currency", "EUR");
                send(exchange, 201, json.writeValueAsString(answer));
            }
        }
    }

    /** Why the request's token is not accepted on this path, or null when it is. */
    private String refusal(String path, String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "no bearer token";
        }
        String scope = path.startsWith("/reservations") ? "inventory.reservations" : "payment.payments";
        try {
            Jwt jwt = tokens.decode(authorization.substring("Bearer ".length()));
            if (!List.of(jwt.getClaimAsString("scope").split(" ")).contains(scope)) {
                return "no scope " + scope + " in " + jwt.getClaimAsString("scope");
            }
            if (jwt.getClaim("roles") != null) {
                return "a user's token, not a service token";
            }
            tokensByPath.put(path, jwt.getTokenValue());
            return null;
        } catch (JwtException e) {
            return "invalid token: " + e.getMessage();
        }
    }

    private static JwtDecoder serviceTokenDecoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(
                        TestTokens.shared().properties().get("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"))
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(TestTokens.ISSUER));
        return decoder;
    }

    private String problem(String slug, String detail) {
        return json.writeValueAsString(
                Map.of("type", "https://orderly.io/problems/" + slug, "title", slug, "detail", detail));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
