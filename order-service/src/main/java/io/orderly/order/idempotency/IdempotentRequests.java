package io.orderly.order.idempotency;

import io.orderly.order.idempotency.IdempotencyKeys.Earlier;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Idempotency-Key protocol: the first request with a key does the work and its answer is
 * stored; a repeat by the same caller with the same body gets that answer again (replayed), a repeat with another body
 * 422, a repeat while the first still runs 409. The primary key of the stored key decides a race.
 */
@Component
public class IdempotentRequests {

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    IdempotentRequests(
            IdempotencyKeys keys,
            IdempotencyProperties properties,
            JsonMapper json,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Answers a request of {@code caller} that carries {@code key}: by doing {@code first}'s work if the key is new,
     * else from what the earlier request with it left.
     *
     * @param caller who sends the request (its token's subject): keys are scoped to it
     * @param canonicalRequest the request in a form that does not depend on formatting, to tell a
     *     repeat from another request with the same key
     */
    public <T> Answer<T> answer(
            String caller, String key, String canonicalRequest, Class<T> type, FirstRequest<T> first) {
        String fingerprint = IdempotencyKeys.fingerprint(canonicalRequest);
        Optional<Earlier> earlier = keys.earlier(caller, key, fingerprint);
        if (earlier.isPresent()) {
            return replay(caller, key, earlier.get(), type, first);
        }
        String id;
        try {
            id = first.perform(createdId -> keys.claim(caller, key, fingerprint, createdId));
        } catch (DataIntegrityViolationException raced) {
            // Another request with this key committed first: the database decided, answer as a repeat.
            return replay(caller, key, keys.earlier(caller, key, fingerprint).orElseThrow(() -> raced), type, first);
        }
        return store(caller, key, () -> first.answer(id), type);
    }

    private <T> Answer<T> replay(String caller, String key, Earlier earlier, Class<T> type, FirstRequest<T> first) {
        return switch (earlier) {
            case Earlier.Answered answered ->
                new Answer<>(answered.status(), json.readValue(answered.body(), type), true);
            case Earlier.Running running -> {
                Duration age = Duration.between(running.since(), clock.instant());
                if (age.compareTo(first.answersWithin().plus(properties.abandonedAfter())) < 0) {
                    throw new IdempotencyKeyInProgressException();
                }
                // The first request's instance died before it answered: answer from the current state.
                Answer<T> stored = store(caller, key, () -> first.answer(running.orderId()), type);
                yield new Answer<>(stored.status(), stored.body(), true);
            }
        };
    }

    /**
     * Reads the answer and stores it for the key, in one transaction; returns the stored one, an
     * earlier one if another request stored first.
     */
    private <T> Answer<T> store(String caller, String key, Supplier<Answer<T>> current, Class<T> type) {
        return transaction.execute(tx -> {
            Answer<T> answer = current.get();
            String body = json.writeValueAsString(answer.body());
            Earlier.Answered stored = keys.answer(caller, key, answer.status(), body);
            T answered = body.equals(stored.body()) ? answer.body() : json.readValue(stored.body(), type);
            return new Answer<>(stored.status(), answered, false);
        });
    }

    /** The work of the first request with a key, and how to answer for what it created. */
    public interface FirstRequest<T> {

        /** How long the first request may take to answer; past that and abandoned-after, its instance died. */
        Duration answersWithin();

        /**
         * Does the work, passing {@code claim} the id of what it creates inside the transaction that
         * creates it (the key is written there, so that a racing request with the key fails); returns that id.
         */
        String perform(Consumer<String> claim);

        /** The answer for what was created, as it stands now. */
        Answer<T> answer(String id);
    }

    /** An HTTP status and body, and whether it replays an earlier answer. */
    public record Answer<T>(int status, T body, boolean replayed) {

        /** An answer given for the first time. */
        public static <T> Answer<T> of(int status, T body) {
            return new Answer<>(status, body, false);
        }
    }
}
