package io.orderly.payment;

import io.orderly.testsupport.TestTokens;
import io.orderly.web.problem.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a running payment-service over real HTTP, in its wire format, as its callers do in
 * production: the participant API with order-service's service token, the accounts API with the
 * admin's token, unless {@link #as} gives another caller. The tokens are signed by
 * {@link TestTokens}, so the test needs {@link StandInAuthServer}.
 */
final class PaymentServiceClient {

    static final TestTokens TOKENS = TestTokens.shared();

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;
    private final String accountsToken;
    private final String paymentsToken;

    PaymentServiceClient(int port) {
        this(URI.create("http://127.0.0.1:" + port), TOKENS.admin(), TOKENS.service("payment.payments"));
    }

    private PaymentServiceClient(URI base, String accountsToken, String paymentsToken) {
        this.base = base;
        this.accountsToken = accountsToken;
        this.paymentsToken = paymentsToken;
    }

    /** The same client calling every endpoint with this token, or with none when it is null. */
    PaymentServiceClient as(String token) {
        return new PaymentServiceClient(base, token, token);
    }

    static BigDecimal eur(String amount) {
        return new BigDecimal(amount);
    }

    Reply authorize(String orderId, String customerId, String amount) {
        return authorize(orderId, customerId, amount, "EUR");
    }

    Reply authorize(String orderId, String customerId, String amount, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customerId);
        body.put("amount", eur(amount));
        body.put("currency", currency);
        return send("PUT", "/payments/" + orderId, body);
    }

    Reply capture(String orderId) {
        return send("POST", "/payments/" + orderId + "/capture", null);
    }

    Reply cancel(String orderId) {
        return send("POST", "/payments/" + orderId + "/cancel", null);
    }

    Reply payment(String orderId) {
        return send("GET", "/payments/" + orderId, null);
    }

    Reply openAccount(String customerId, String initialBalance) {
        return send("POST", "/api/accounts", Map.of("customerId", customerId, "initialBalance", eur(initialBalance)));
    }

    Reply openAccountWithBalanceAlias(String customerId, String balance) {
        return send("POST", "/api/accounts", Map.of("customerId", customerId, "balance", eur(balance)));
    }

    Reply deposit(String customerId, String amount) {
        return send("POST", "/api/accounts/" + customerId + "/deposits", Map.of("amount", eur(amount)));
    }

    Reply account(String customerId) {
        return send("GET", "/api/accounts/" + customerId, null);
    }

    /** The account as the API shows it; fails if the call does not answer 200. */
    AccountView accountOf(String customerId) {
        Reply reply = account(customerId);
        if (reply.status() != 200) {
            throw new AssertionError("GET account " + customerId + " answered " + reply);
        }
        return reply.account();
    }

    private Reply send(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .method(method, publisher);
        String token = path.startsWith("/payments/") ? paymentsToken : accountsToken;
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("WWW-Authenticate").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One HTTP answer. */
    record Reply(int status, String contentType, String location, String challenge, String body) {

        PaymentView payment() {
            return JSON.readValue(body, PaymentView.class);
        }

        AccountView account() {
            return JSON.readValue(body, AccountView.class);
        }

        Problem problem() {
            return JSON.readValue(body, Problem.class);
        }

        /** The problem type's slug, or null when the answer is not a problem detail. */
        String slug() {
            return contentType.startsWith("application/problem+json")
                    ? problem().slug()
                    : null;
        }
    }

    record PaymentView(String orderId, String customerId, String status, BigDecimal amount, String currency) {}

    record AccountView(String customerId, BigDecimal balance, BigDecimal held, BigDecimal available) {

        static AccountView of(String customerId, String balance, String held) {
            return new AccountView(
                    customerId, eur(balance), eur(held), eur(balance).subtract(eur(held)));
        }
    }

    record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

        String slug() {
            return type.substring(Problems.TYPE_BASE.length());
        }
    }

    record FieldError(String field, String message) {}
}
