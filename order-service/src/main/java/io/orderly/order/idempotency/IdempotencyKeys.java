package io.orderly.order.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Idempotency-Key store: what an earlier use of a key left, and the record a new use writes.
 * Keys are the caller's: two callers with one key are two independent requests.
 */
@Component
class IdempotencyKeys {

    private final IdempotencyRecordRepository records;
    private final Clock clock;

    IdempotencyKeys(IdempotencyRecordRepository records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** A stable digest of a request's canonical form. */
    static String fingerprint(String canonicalRequest) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What an earlier request with this key left, if any.
     *
     * @throws IdempotencyKeyReusedException when that request had another body
     */
    @Transactional(readOnly = true)
    Optional<Earlier> earlier(String caller, String key, String fingerprint) {
        return records.findById(new IdempotencyRecord.Key(caller, key)).map(record -> {
            if (!record.requestHash().equals(fingerprint)) {
                throw new IdempotencyKeyReusedException();
            }
            return record.responseStatus() == null
                    ? new Earlier.Running(record.orderId(), record.createdAt())
                    : new Earlier.Answered(record.orderId(), record.responseStatus(), record.responseBody());
        });
    }

    /**
     * Inserts the key in the caller's transaction (the one that creates the order) and flushes, so
     * that a concurrent use of the key fails here with a DataIntegrityViolationException.
     */
    void claim(String caller, String key, String fingerprint, String orderId) {
        records.saveAndFlush(
                new IdempotencyRecord(new IdempotencyRecord.Key(caller, key), fingerprint, orderId, clock.instant()));
    }

    /** Stores the first answer given for the key; later uses replay it. An answer already stored stays. */
    @Transactional
    Earlier.Answered answer(String caller, String key, int status, String body) {
        IdempotencyRecord record =
                records.findById(new IdempotencyRecord.Key(caller, key)).orElseThrow();
        if (record.responseStatus() == null) {
            record.answered(status, body);
        }
        return new Earlier.Answered(record.orderId(), record.responseStatus(), record.responseBody());
    }

    int deleteOlderThan(Instant before) {
        return records.deleteCreatedBefore(before);
    }

    /** What an earlier request with the same key left. */
    sealed interface Earlier {

        String orderId();

        /** It answered: replay this. */
        record Answered(String orderId, int status, String body) implements Earlier {}

        /** It has not answered yet (or its instance died before it could). */
        record Running(String orderId, Instant since) implements Earlier {}
    }
}
