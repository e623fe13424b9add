package io.orderly.order.saga;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Sagas by order id. */
interface SagaRepository extends JpaRepository<Saga, String> {

    /** The saga with its steps, its order and the order's lines, in one statement. */
    @Query(
            "select s from Saga s join fetch s.order o left join fetch o.lines left join fetch s.steps where s.orderId = :orderId")
    Optional<Saga> findWithOrder(String orderId);

    long countByState(SagaState state);

    /** The newest first, at most {@code page}'s size: for the admin list. */
    List<Saga> findByStateOrderByStartedAtDesc(SagaState state, Pageable page);

    List<Saga> findAllByOrderByStartedAtDesc(Pageable page);

    long countByStateInAndStartedAtBefore(Collection<SagaState> states, Instant startedBefore);
}
