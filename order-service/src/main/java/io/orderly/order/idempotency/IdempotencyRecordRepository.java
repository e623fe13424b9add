package io.orderly.order.idempotency;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface IdempotencyRecordRepository extends JpaRepository<IdempotencyRecord, IdempotencyRecord.Key> {

    @Modifying
    @Transactional
    @Query("delete from IdempotencyRecord r where r.createdAt < :before")
    int deleteCreatedBefore(Instant before);
}
