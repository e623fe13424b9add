package io.orderly.order.participant;

import io.orderly.order.participant.ReservationResult.PricedLine;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** inventory-service's participant API (docs/architecture.md): reserve, confirm, cancel by order id. */
public class InventoryClient {

    private final RestClient rest;
    private final ParticipantCalls calls;

    InventoryClient(RestClient rest, ParticipantCalls calls) {
        this.rest = rest;
        this.calls = calls;
    }

    /** PUT /reservations/{orderId}; repeating it with the same items is safe. */
    public ReservationResult reserve(String orderId, List<Item> items) {
        return calls.call(
                "reserve",
                () -> rest.put()
                        .uri("/reservations/{orderId}", orderId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new ReserveRequest(items))
                        .exchange((request, response) -> {
                            HttpStatusCode status = response.getStatusCode();
                            if (status.is2xxSuccessful()) {
                                ReservationBody body = response.bodyTo(ReservationBody.class);
                                if (body == null || body.lines() == null || body.total() == null) {
                                    throw new UnexpectedParticipantResponseException("inventory reserve answered "
                                            + status.value() + " without lines and total");
                                }
                                var priced = body.lines().stream()
                                        .map(PricedLine::sku)
                                        .collect(Collectors.toSet());
                                if (!items.stream().map(Item::sku).allMatch(priced::contains)) {
                                    throw new UnexpectedParticipantResponseException(
                                            "inventory reserve answered without a price for every SKU");
                                }
                                return new ReservationResult.Reserved(body.lines(), body.total());
                            }
                            ParticipantCalls.Problem problem = ParticipantCalls.problemOf(response);
                            if (ParticipantCalls.is(response.getStatusCode(), 409, problem, "insufficient-stock")) {
                                return new ReservationResult.Refused(Refusal.INSUFFICIENT_STOCK, problem.detail());
                            }
                            if (ParticipantCalls.is(response.getStatusCode(), 404, problem, "unknown-product")) {
                                return new ReservationResult.Refused(Refusal.UNKNOWN_PRODUCT, problem.detail());
                            }
                            if (ParticipantCalls.is(response.getStatusCode(), 409, problem, "reservation-cancelled")) {
                                return new ReservationResult.Refused(Refusal.ALREADY_CANCELLED, problem.detail());
                            }
                            throw calls.failure("reserve", status, problem);
                        }));
    }

    /** POST /reservations/{orderId}/confirm. */
    public void confirm(String orderId) {
        post("confirm", "/reservations/{orderId}/confirm", orderId);
    }

    /** POST /reservations/{orderId}/cancel; an unknown id is fine (tombstone). */
    public void cancel(String orderId) {
        post("cancel", "/reservations/{orderId}/cancel", orderId);
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

    /** A line to reserve. */
    public record Item(String sku, int quantity) {}

    record ReserveRequest(List<Item> items) {}

    record ReservationBody(String orderId, String status, List<PricedLine> lines, BigDecimal total) {}
}
