package io.orderly.order.saga;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claims due sagas for one instance: {@code FOR UPDATE SKIP LOCKED} lets concurrent claimers pass
 * each other's rows, and the lease written in the same transaction keeps them off afterwards.
 */
@Component
class SagaClaims {

    private static final String ACTIVE =
            SagaState.ACTIVE.stream().map(state -> "'" + state + "'").collect(Collectors.joining(", ", "(", ")"));

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SagaProperties properties;

    SagaClaims(JdbcTemplate jdbc, Clock clock, SagaProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** Up to {@code limit} due sagas whose lease is free or expired, now leased to {@code owner}. */
    @Transactional
    public List<String> claim(String owner, int limit) {
        Instant now = clock.instant();
        Timestamp at = Timestamp.from(now);
        List<String> ids = jdbc.queryForList("""
                SELECT order_id FROM sagas
                WHERE state IN %s AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                ORDER BY next_attempt_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED""".formatted(ACTIVE), String.class, at, at, limit);
        Timestamp until = Timestamp.from(now.plus(properties.lease()));
        for (String id : ids) {
            jdbc.update(
                    "UPDATE sagas SET lease_owner = ?, lease_until = ?, version = version + 1 WHERE order_id = ?",
                    owner,
                    until,
                    id);
        }
        return ids;
    }
}
