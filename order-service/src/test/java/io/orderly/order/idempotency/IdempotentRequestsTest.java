package io.orderly.order.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderly.order.idempotency.IdempotencyKeys.Earlier;
import io.orderly.order.idempotency.IdempotentRequests.Answer;
import io.orderly.order.idempotency.IdempotentRequests.FirstRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/** The Idempotency-Key protocol on a mocked key store: first use, replay, race, in progress, abandoned. */
class IdempotentRequestsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final String FINGERPRINT = IdempotencyKeys.fingerprint("c-1|SKU-1x2");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdempotencyKeys keys = mock(IdempotencyKeys.class);
    private final IdempotentRequests requests = new IdempotentRequests(
            keys,
            new IdempotencyProperties(Duration.ofHours(24), Duration.ofMinutes(10), Duration.ofSeconds(5)),
            JSON,
            mock(PlatformTransactionManager.class),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final Work work = new Work();

    record Receipt(String id, String state) {}

    /** A first request that creates "order-1", claims the key with it and answers 201. */
    static final class Work implements FirstRequest<Receipt> {
        final List<String> performed = new ArrayList<>();
        String state = "CONFIRMED";

        @Override
        public Duration answersWithin() {
            return Duration.ofSeconds(3);
        }

        @Override
        public String perform(Consumer<String> claim) {
            claim.accept("order-1");
            performed.add("order-1");
            return "order-1";
        }

        @Override
        public Answer<Receipt> answer(String id) {
            return Answer.of(201, new Receipt(id, state));
        }
    }

    @Test
    void aNewKeyDoesTheWorkClaimsTheKeyAndStoresTheAnswer() {
        String body = JSON.writeValueAsString(new Receipt("order-1", "CONFIRMED"));
        given(keys.earlier("c-1", "key-1", FINGERPRINT)).willReturn(Optional.empty());
        given(keys.answer("c-1", "key-1", 201, body)).willReturn(new Earlier.Answered("order-1", 201, body));

        Answer<Receipt> answer = requests.answer("c-1", "key-1", "c-1|SKU-1x2", Receipt.class, work);

        assertThat(answer).isEqualTo(new Answer<>(201, new Receipt("order-1", "CONFIRMED"), false));
        assertThat(work.performed).containsExactly("order-1");
        verify(keys).claim("c-1", "key-1", FINGERPRINT, "order-1");
    }

    @Test
    void anAnsweredKeyReplaysTheStoredAnswerWithoutWork() {
        given(keys.earlier("c-1", "key-1", FINGERPRINT))
                .willReturn(Optional.of(new Earlier.Answered(
                        "order-1", 202, JSON.writeValueAsString(new Receipt("order-1", "PENDING")))));

        Answer<Receipt> answer = requests.answer("c-1", "key-1", "c-1|SKU-1x2", Receipt.class, work);

        assertThat(answer).isEqualTo(new Answer<>(202, new Receipt("order-1", "PENDING"), true));
        assertThat(work.performed).isEmpty();
        verify(keys, never()).answer(anyString(), anyString(), anyInt(), anyString());
    }

    @Test
    void aKeyUsedWithAnotherBodyIsRefused() {
        given(keys.earlier("c-1", "key-1", FINGERPRINT)).willThrow(new IdempotencyKeyReusedException());

        assertThatThrownBy(() -> requests.answer("c-1", "key-1", "c-1|SKU-1x2", Receipt.class, work))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(work.performed).isEmpty();
    }

    @Test
    void aKeyWhoseFirstRequestStillRunsIsInProgress() {
        given(keys.earlier("c-1", "key-1", FINGERPRINT))
                .willReturn(Optional.of(new Earlier.Running("order-1", NOW.minusSeconds(7))));

        assertThatThrownBy(() -> requests.answer("c-1", "key-1", "c-1|SKU-1x2", Receipt.class, work))
                .as("7 s is within the 3 s budget plus 5 s")
                .isInstanceOf(IdempotencyKeyInProgressException.class);
    }

    @Test
    void aKeyWhoseFirstRequestDiedIsAnsweredFromTheCurrentStateAsAReplay() {
        work.state = "PENDING";
        String body = JSON.writeValueAsString(new Receipt("order-1", "PENDING"));
        given(keys.earlier("c-1", "key-1", FINGERPRINT))
                .willReturn(Optional.of(new Earlier.Running("order-1", NOW.minusSeconds(9))));
        given(keys.answer("c-1", "key-1", 201, body)).willReturn(new Earlier.Answered("order-1", 201, body));

        Answer<Receipt> answer = requests.answer("c-1", "key-1", "c-1|SKU-1x2", Receipt.class, work);

        assertThat(answer).isEqualTo(new Answer<>(201, new Receipt("order-1", "PENDING"), true));
        assertThat(work.performed).isEmpty();
    }

    @Test
    void aRequestThatLosesTheRaceForTheKeyAnswersAsARepeat() {
        String stored = JSON.writeValueAsString(new Receipt("order-0", "CONFIRMED"));
        given(keys.earlier("c-1", "key-1", FINGERPRINT))
                .willReturn(Optional.empty())
                .willReturn(Optional.of(new Earlier.Answered("order-0", 201, stored)));
        willThrow(new DataIntegrityViolationException("duplicate key"))
                .given(keys)
                .claim("c-1", "key-1", FINGERPRINT, "order-1");

        Answer<Receipt> answer = requests.answer("c-1", "key-1", "c-1|SKU-1x2", Receipt.class, work);

        assertThat(answer).isEqualTo(new Answer<>(201, new Receipt("order-0", "CONFIRMED"), true));
    }

    @Test
    void whenAnotherRequestStoredItsAnswerFirstThatOneIsGiven() {
        String earlier = JSON.writeValueAsString(new Receipt("order-1", "PENDING"));
        given(keys.earlier("c-1", "key-1", FINGERPRINT)).willReturn(Optional.empty());
        given(keys.answer("c-1", "key-1", 201, JSON.writeValueAsString(new Receipt("order-1", "CONFIRMED"))))
                .willReturn(new Earlier.Answered("order-1", 202, earlier));

        Answer<Receipt> answer = requests.answer("c-1", "key-1", "c-1|SKU-1x2", Receipt.class, work);

        assertThat(answer).isEqualTo(new Answer<>(202, new Receipt("order-1", "PENDING"), false));
    }
}
