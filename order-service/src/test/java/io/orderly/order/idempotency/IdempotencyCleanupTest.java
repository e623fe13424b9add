package io.orderly.order.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The cleanup deletes exactly the keys older than the retention, never younger ones. */
class IdempotencyCleanupTest {

    @Test
    void deletesKeysOlderThanTheRetention() {
        Instant now = Instant.parse("2026-01-02T12:00:00Z");
        IdempotencyKeys keys = mock(IdempotencyKeys.class);
        given(keys.deleteOlderThan(Instant.parse("2026-01-01T12:00:00Z"))).willReturn(3);
        var cleanup = new IdempotencyCleanup(
                keys,
                new IdempotencyProperties(Duration.ofHours(24), Duration.ofMinutes(10), Duration.ofSeconds(5)),
                Clock.fixed(now, ZoneOffset.UTC));

        assertThat(cleanup.deleteExpired()).isEqualTo(3);
    }
}
