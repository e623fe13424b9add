package io.orderly.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;

/** A domain exception is a Spring error response carrying its own problem detail. */
class ProblemExceptionTest {

    static class OutOfStock extends ProblemException {
        OutOfStock(String sku) {
            super(HttpStatus.CONFLICT, "insufficient-stock", "No stock for " + sku + ".");
        }

        @Override
        public String title() {
            return "Insufficient stock";
        }
    }

    static class Plain extends ProblemException {
        Plain() {
            super(HttpStatus.NOT_FOUND, "unknown-thing", "No such thing.");
        }
    }

    static class Titled extends ProblemException {
        Titled() {
            super(HttpStatus.UNPROCESSABLE_CONTENT, "thing-mismatch", "Thing mismatch", "Other items.");
        }
    }

    @Test
    void isAnErrorResponseWithItsStatusAndProblemDetail() {
        ErrorResponse response = new OutOfStock("SKU-1");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(response.getBody().getStatus()).isEqualTo(409);
        assertThat(response.getBody().getType())
                .isEqualTo(URI.create("https://orderly.io/problems/insufficient-stock"));
        assertThat(response.getBody().getDetail()).isEqualTo("No stock for SKU-1.");
        assertThat(response.getBody().getInstance()).isNull();
        assertThat(response.getHeaders().isEmpty()).isTrue();
    }

    @Test
    void anOverriddenTitleIsTheBodysTitle() {
        var ex = new OutOfStock("SKU-1");
        assertThat(ex.title()).isEqualTo("Insufficient stock");
        assertThat(ex.getBody().getTitle()).isEqualTo("Insufficient stock");
    }

    @Test
    void theTitleIsTheReasonPhraseByDefaultOrTheOneGiven() {
        assertThat(new Plain().getBody().getTitle()).isEqualTo("Not Found");
        assertThat(new Plain().title()).isEqualTo("Not Found");
        assertThat(new Titled().getBody().getTitle()).isEqualTo("Thing mismatch");
        assertThat(new Titled().title()).isEqualTo("Thing mismatch");
    }

    @Test
    void keepsItsStatusSlugAndMessageAsBefore() {
        var ex = new OutOfStock("SKU-1");
        assertThat(ex.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(ex.slug()).isEqualTo("insufficient-stock");
        assertThat(ex.getMessage()).isEqualTo("No stock for SKU-1.");
    }

    @Test
    void aPayloadTooLargeExceptionKeepsItsLimit() {
        var ex = new PayloadTooLargeException(1024);
        assertThat(ex.limit()).isEqualTo(1024);
        assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(ex.getBody().getType()).isEqualTo(URI.create("https://orderly.io/problems/payload-too-large"));
        assertThat(ex.getBody().getTitle()).isEqualTo("Content Too Large");
        assertThat(ex.getBody().getDetail()).isEqualTo("The request body exceeds the limit of 1024 bytes.");
    }
}
