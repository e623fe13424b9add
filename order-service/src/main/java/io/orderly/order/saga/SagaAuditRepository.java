package io.orderly.order.saga;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The admin actions on sagas, oldest first. */
interface SagaAuditRepository extends JpaRepository<SagaAuditEntry, Long> {

    List<SagaAuditEntry> findByOrderIdOrderByAtAscIdAsc(String orderId);

    List<SagaAuditEntry> findByOrderIdInOrderByAtAscIdAsc(Collection<String> orderIds);
}
