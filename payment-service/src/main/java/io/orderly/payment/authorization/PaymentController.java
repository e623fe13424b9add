package io.orderly.payment.authorization;

import io.orderly.payment.web.Identifier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The participant API the order saga calls (not routed by the gateway). */
@RestController
@RequestMapping("/payments/{orderId}")
class PaymentController {

    private final PaymentService service;

    PaymentController(PaymentService service) {
        this.service = service;
    }

    @PutMapping
    ResponseEntity<PaymentResponse> authorize(
            @PathVariable @Identifier String orderId, @Valid @RequestBody AuthorizeRequest request) {
        var authorization = service.authorize(
                orderId,
                request.customerId(),
                request.amount().setScale(2, RoundingMode.UNNECESSARY),
                request.currency());
        PaymentResponse body = PaymentResponse.of(authorization.payment());
        return authorization.created()
                ? ResponseEntity.created(URI.create("/payments/" + orderId)).body(body)
                : ResponseEntity.ok(body);
    }

    @PostMapping("/capture")
    PaymentResponse capture(@PathVariable @Identifier String orderId) {
        return PaymentResponse.of(service.capture(orderId));
    }

    @PostMapping("/cancel")
    PaymentResponse cancel(@PathVariable @Identifier String orderId) {
        return PaymentResponse.of(service.cancel(orderId));
    }

    @GetMapping
    PaymentResponse get(@PathVariable @Identifier String orderId) {
        return PaymentResponse.of(service.get(orderId));
    }

    /** Amounts up to 13 integer digits are accepted so that any order total gets a business answer. */
    record AuthorizeRequest(
            @Identifier String customerId,

            // What payment.amount and account.held, NUMERIC(12, 2), hold; an order total never exceeds it.
            @NotNull @DecimalMin("0.01") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal amount,

            @NotNull @Pattern(regexp = Payment.CURRENCY, message = "must be EUR") String currency) {}

    record PaymentResponse(
            String orderId, String customerId, PaymentStatus status, BigDecimal amount, String currency) {

        static PaymentResponse of(Payment payment) {
            return new PaymentResponse(
                    payment.orderId(), payment.customerId(), payment.status(), payment.amount(), payment.currency());
        }
    }
}
