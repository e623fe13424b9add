package io.orderly.order.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a customer sees of a saga's errors: the kind of answer, never the participant's detail. */
class SagaViewTest {

    private static final Instant AT = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aRefusalShowsNoDetailToTheCustomer() {
        assertThat(publicError("REFUSED", "Balance 3.00 is below the amount 10.00"))
                .isEqualTo("refused");
    }

    @Test
    void anAnswerShowsItsStatusAndProblemTypeWithoutItsDetail() {
        assertThat(publicError("RETRYING", "payment authorize answered 422 idempotency-key-reused: held 12.00 of c-2"))
                .isEqualTo("payment authorize answered 422 idempotency-key-reused");
        assertThat(publicError("RETRYING", "inventory reserve answered 403 forbidden"))
                .isEqualTo("inventory reserve answered 403 forbidden");
        assertThat(publicError("RETRYING", "inventory reserve answered 200 without lines and total"))
                .isEqualTo("inventory reserve answered 200");
    }

    @Test
    void aCallWithoutAnAnswerShowsOnlyWhichCall() {
        assertThat(publicError(
                        "RETRYING",
                        "inventory reserve: I/O error on PUT request for \"http://10.0.0.7:8081/reservations/o\""))
                .isEqualTo("inventory reserve: no answer");
        assertThat(publicError("RETRYING", "inventory confirm: no service token: [invalid_token_response]"))
                .isEqualTo("inventory confirm: no answer");
        assertThat(publicError("RETRYING", "Something else entirely")).isEqualTo("no answer");
        assertThat(publicError("SUCCEEDED", null)).isNull();
    }

    @Test
    void theCustomersViewKeepsEverythingButTheErrorDetail() {
        SagaView full = new SagaView(
                "AUTHORIZING",
                List.of(new SagaView.StepView("AUTHORIZE_PAYMENT", "REFUSED", 1, "Balance 3.00", AT)),
                List.of(new SagaView.AuditView("RETRY", "admin", AT)));

        assertThat(full.forCustomer())
                .isEqualTo(new SagaView(
                        "AUTHORIZING",
                        List.of(new SagaView.StepView("AUTHORIZE_PAYMENT", "REFUSED", 1, "refused", AT)),
                        List.of(new SagaView.AuditView("RETRY", "admin", AT))));
    }

    private static String publicError(String status, String error) {
        return SagaView.publicError(new SagaView.StepView("RESERVE_STOCK", status, 1, error, AT));
    }
}
