package io.orderly.inventory.reservation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The participant API the order saga calls; outside /api, so the gateway never routes it. */
@RestController
@RequestMapping(path = "/reservations/{orderId}", produces = MediaType.APPLICATION_JSON_VALUE)
class ReservationController {

    private static final String ORDER_ID = "[A-Za-z0-9-]{1,64}";
    private static final String ORDER_ID_MESSAGE = "must be 1 to 64 of A-Z, a-z, 0-9 and -";

    private final ReservationService reservations;

    ReservationController(ReservationService reservations) {
        this.reservations = reservations;
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReservationResponse> reserve(
            @PathVariable @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId,
            @Valid @RequestBody ReserveRequest request) {
        ReservationService.Reserved result = reservations.reserve(orderId, request.quantities());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/reservations/" + orderId))
                .body(result.reservation());
    }

    @PostMapping("/confirm")
    ReservationResponse confirm(@PathVariable @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId) {
        return reservations.confirm(orderId);
    }

    @PostMapping("/cancel")
    ReservationResponse cancel(@PathVariable @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId) {
        return reservations.cancel(orderId);
    }

    @GetMapping
    ReservationResponse get(@PathVariable @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId) {
        return reservations.get(orderId);
    }
}
