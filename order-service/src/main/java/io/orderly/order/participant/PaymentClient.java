package io.orderly.order.participant;

import java.math.BigDecimal;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** payment-service's participant API (docs/architecture.md): authorize, capture, cancel by order id. */
public class PaymentClient {

    private final RestClient rest;
    private final ParticipantCalls calls;

    PaymentClient(RestClient rest, ParticipantCalls calls) {
        this.rest = rest;
        this.calls = calls;
    }

    /** PUT /payments/{orderId}: holds the amount; repeating it with the same payload is safe. */
    public AuthorizationResult authorize(String orderId, String customerId, BigDecimal amount, String currency) {
        return calls.call(
                "authorize",
                () -> rest.put()
                        .uri("/payments/{orderId}", orderId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new AuthorizeRequest(customerId, amount, currency))
                        .exchange((request, response) -> {
                            if (response.getStatusCode().is2xxSuccessful()) {
                                return new AuthorizationResult.Authorized();
                            }
                            ParticipantCalls.Problem problem = ParticipantCalls.problemOf(response);
                            if (ParticipantCalls.is(response.getStatusCode(), 409, problem, "insufficient-funds")) {
                                return new AuthorizationResult.Refused(Refusal.INSUFFICIENT_FUNDS, problem.detail());
                            }
                            if (ParticipantCalls.is(response.getStatusCode(), 404, problem, "unknown-customer")) {
                                return new AuthorizationResult.Refused(Refusal.UNKNOWN_CUSTOMER, problem.detail());
                            }
                            if (ParticipantCalls.is(response.getStatusCode(), 409, problem, "payment-cancelled")) {
                                return new AuthorizationResult.Refused(Refusal.ALREADY_CANCELLED, problem.detail());
                            }
                            throw calls.failure("authorize", response.getStatusCode(), problem);
                        }));
    }

    /** POST /payments/{orderId}/capture. */
    public void capture(String orderId) {
        post("capture", "/payments/{orderId}/capture", orderId);
    }

    /** POST /payments/{orderId}/cancel; an unknown id is fine (tombstone). */
    public void cancel(String orderId) {
        post("cancel", "/payments/{orderId}/cancel", orderId);
    }

    private void post(String what, String path, String orderId) {
        calls.call(
                what,
                () -> rest.post().uri(path, orderId).exchange((request, response) -> {
                    if (response.getStatusCode().is2xxSuccessful()) {
                        return null;
                    }
                    throw calls.failure(what, response.getStatusCode(), ParticipantCalls.problemOf(response));
                }));
    }

    record AuthorizeRequest(String customerId, BigDecimal amount, String currency) {}
}
