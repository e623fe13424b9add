package io.orderly.payment.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static Payment anAuthorizedPayment() {
        return Payment.authorized("o-1", "c-1", new BigDecimal("25.00"));
    }

    @Test
    void anAuthorizedPaymentHoldsItsTermsInEuro() {
        Payment payment = anAuthorizedPayment();

        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(payment.orderId()).isEqualTo("o-1");
        assertThat(payment.customerId()).isEqualTo("c-1");
        assertThat(payment.amount()).isEqualByComparingTo("25.00");
        assertThat(payment.currency()).isEqualTo("EUR");
        assertThat(payment.isNew()).isTrue();
    }

    @Test
    void aPaymentNeedsAPositiveAmount() {
        assertThatThrownBy(() -> Payment.authorized("o-1", "c-1", BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void captureOfAnAuthorizedPaymentAsksToPayOutOnce() {
        Payment payment = anAuthorizedPayment();

        assertThat(payment.capture()).isTrue();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.capture()).as("a repeated capture moves no money").isFalse();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void cancelOfAnAuthorizedPaymentAsksToReleaseOnce() {
        Payment payment = anAuthorizedPayment();

        assertThat(payment.cancel()).isTrue();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(payment.cancel()).as("a repeated cancel moves no money").isFalse();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CANCELLED);
    }

    @Test
    void captureAfterCancelIsRefusedAsPaymentCancelled() {
        Payment payment = anAuthorizedPayment();
        payment.cancel();

        assertThatThrownBy(payment::capture)
                .isInstanceOf(PaymentCancelledException.class)
                .hasFieldOrPropertyWithValue("slug", "payment-cancelled");
        assertThat(payment.status()).isEqualTo(PaymentStatus.CANCELLED);
    }

    @Test
    void cancelAfterCaptureIsRefusedAsPaymentCaptured() {
        Payment payment = anAuthorizedPayment();
        payment.capture();

        assertThatThrownBy(payment::cancel)
                .isInstanceOf(PaymentCapturedException.class)
                .hasFieldOrPropertyWithValue("slug", "payment-captured");
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void aTombstoneIsCancelledWithoutCustomerOrAmountAndRefusesCapture() {
        Payment tombstone = Payment.tombstone("o-9");

        assertThat(tombstone.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(tombstone.customerId()).isNull();
        assertThat(tombstone.amount()).isEqualTo(new BigDecimal("0.00"));
        assertThat(tombstone.cancel()).isFalse();
        assertThatThrownBy(tombstone::capture).isInstanceOf(PaymentCancelledException.class);
    }

    @Test
    void aRepeatedAuthorizationWithTheSameTermsIsAccepted() {
        Payment payment = anAuthorizedPayment();

        payment.checkRepeatedAuthorization("c-1", new BigDecimal("25"), "EUR");
        payment.capture();
        payment.checkRepeatedAuthorization("c-1", new BigDecimal("25.00"), "EUR");

        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void aRepeatedAuthorizationWithOtherTermsIsAMismatch() {
        Payment payment = anAuthorizedPayment();

        assertThatThrownBy(() -> payment.checkRepeatedAuthorization("c-2", new BigDecimal("25.00"), "EUR"))
                .isInstanceOf(PaymentMismatchException.class);
        assertThatThrownBy(() -> payment.checkRepeatedAuthorization("c-1", new BigDecimal("25.01"), "EUR"))
                .isInstanceOf(PaymentMismatchException.class);
        assertThatThrownBy(() -> payment.checkRepeatedAuthorization("c-1", new BigDecimal("25.00"), "USD"))
                .isInstanceOf(PaymentMismatchException.class)
                .hasFieldOrPropertyWithValue("slug", "payment-mismatch");
    }

    @Test
    void anAuthorizationAfterACancelIsRefusedWhateverItsTerms() {
        Payment cancelled = anAuthorizedPayment();
        cancelled.cancel();

        assertThatThrownBy(() -> cancelled.checkRepeatedAuthorization("c-1", new BigDecimal("25.00"), "EUR"))
                .isInstanceOf(PaymentCancelledException.class);
        assertThatThrownBy(() ->
                        Payment.tombstone("o-9").checkRepeatedAuthorization("c-1", new BigDecimal("25.00"), "EUR"))
                .isInstanceOf(PaymentCancelledException.class);
    }
}
