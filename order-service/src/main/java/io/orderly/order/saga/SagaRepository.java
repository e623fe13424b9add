package io.orderly.order.saga;

import java.time.Instant;
import java.util.Collection;

import org.springframework.data.jpa.repository.JpaRepository;

/** Sagas by order id. */
public interface SagaRepository extends JpaRepository<Saga, String> {

    long countByStateInAndStartedAtBefore(Collection<SagaState> states, Instant startedBefore);
}
