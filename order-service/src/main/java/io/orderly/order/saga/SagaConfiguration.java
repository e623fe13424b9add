package io.orderly.order.saga;

import io.orderly.order.participant.InventoryClient;
import io.orderly.order.participant.PaymentClient;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The saga's wiring: this instance's lease name, the participants, the backoff, the threads sagas
 * are driven on, the worker.
 */
@Configuration(proxyBeanMethods = false)
class SagaConfiguration {

    @Bean
    SagaOwner sagaOwner(Environment environment) {
        return new SagaOwner(
                environment.getProperty("spring.application.name", "order-service") + ":" + UUID.randomUUID());
    }

    @Bean
    Participants sagaParticipants(InventoryClient inventory, PaymentClient payment) {
        return new Participants(inventory, payment);
    }

    @Bean
    Backoff sagaBackoff(SagaProperties properties) {
        return new Backoff(properties.backoff());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService sagaExecutor() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("saga-", 0).factory());
    }

    @Bean
    RecoveryWorker recoveryWorker(
            SagaClaims claims,
            SagaOrchestrator orchestrator,
            SagaProperties properties,
            SagaOwner owner,
            ExecutorService sagaExecutor) {
        return new RecoveryWorker(claims, orchestrator, properties.recovery(), owner.id(), sagaExecutor);
    }
}
