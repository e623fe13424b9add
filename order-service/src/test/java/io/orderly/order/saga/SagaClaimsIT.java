package io.orderly.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderly.order.Callers;
import io.orderly.order.ParticipantStub;
import io.orderly.testsupport.PostgresTestDatabase;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The recovery worker's claim on PostgreSQL: FOR UPDATE SKIP LOCKED plus the lease mean that two
 * instances never take, nor drive, the same saga.
 */
@SpringBootTest(
        properties = {
            "orderly.participants.read-timeout=5s",
            "resilience4j.circuitbreaker.configs.participant.sliding-window-size=1000",
            "resilience4j.circuitbreaker.configs.participant.minimum-number-of-calls=1000"
        })
@Import(PostgresTestDatabase.class)
class SagaClaimsIT {

    static final ParticipantStub stub = ParticipantStub.start();
    static final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @DynamicPropertySource
    static void participants(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", stub::url);
        registry.add("spring.cloud.discovery.client.simple.instances.payment-service[0].uri", stub::url);
        Callers.trustTestTokens(registry);
    }

    @AfterEach
    void everyParticipantCallCarriedAServiceTokenWithItsScope() {
        assertThat(stub.refusedTokens()).isEmpty();
    }

    @Autowired
    SagaClaims claims;

    @Autowired
    PlatformTransactionManager transactions;

    StoredSagas stored;

    @BeforeEach
    void setUp(@Autowired EntityManager entityManager, @Autowired JdbcTemplate jdbc, @Autowired Clock clock) {
        stored = new StoredSagas(transactions, entityManager, jdbc, clock);
        stored.deleteAll();
        stub.reset();
    }

    @Test
    void concurrentClaimersNeverTakeTheSameSaga() {
        Set<String> all = new HashSet<>(crashedSagas(40));
        List<String> byA = new ArrayList<>();
        List<String> byB = new ArrayList<>();

        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> claimAll("instance-a", byA), threads);
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> claimAll("instance-b", byB), threads);
        a.join();
        b.join();

        Set<String> both = new HashSet<>(byA);
        both.retainAll(byB);
        assertThat(both).isEmpty();
        assertThat(byA.size() + byB.size()).isEqualTo(all.size());
        assertThat(new HashSet<>(byA)).hasSameSizeAs(byA);
        assertThat(union(byA, byB)).isEqualTo(all);
    }

    @Test
    void aClaimSkipsRowsLockedByAnotherClaimInsteadOfWaiting() throws Exception {
        List<String> ids = crashedSagas(10);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        List<String> heldByA = new ArrayList<>();
        CompletableFuture<Void> a = CompletableFuture.runAsync(
                () -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                    heldByA.addAll(claims.claim("instance-a", 4));
                    claimed.countDown();
                    awaitQuietly(finish);
                }),
                threads);
        try {
            assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();

            List<String> byB = CompletableFuture.supplyAsync(() -> claims.claim("instance-b", 100), threads)
                    .get(5, TimeUnit.SECONDS);

            assertThat(heldByA).hasSize(4);
            assertThat(byB).hasSize(6);
            assertThat(heldByA).noneMatch(byB::contains);
            assertThat(union(heldByA, byB)).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            finish.countDown();
            a.join();
        }
        assertThat(claims.claim("instance-c", 100)).as("every lease is live").isEmpty();
    }

    @Test
    void twoWorkersNeverDriveOneSagaAtTheSameTimeAndBothFinishEverything(
            @Autowired SagaTransitions transitions,
            @Autowired Participants participants,
            @Autowired SagaCompletions completions,
            @Autowired Clock clock,
            @Autowired ExecutorService sagaExecutor) {
        List<String> ids = crashedSagas(20);
        Map<String, AtomicInteger> driving = new ConcurrentHashMap<>();
        AtomicInteger mostAtOnce = new AtomicInteger();
        var settings = new SagaProperties.Recovery(false, Duration.ofMillis(10), 3, 8);
        RecoveryWorker a = new RecoveryWorker(
                claims,
                watched(
                        new SagaOrchestrator(transitions, participants, completions, NoTracing.sagaTracing(), clock),
                        driving,
                        mostAtOnce),
                settings,
                "instance-a",
                sagaExecutor);
        RecoveryWorker b = new RecoveryWorker(
                claims,
                watched(
                        new SagaOrchestrator(transitions, participants, completions, NoTracing.sagaTracing(), clock),
                        driving,
                        mostAtOnce),
                settings,
                "instance-b",
                sagaExecutor);

        CompletableFuture<Void> runA = CompletableFuture.runAsync(() -> pollUntilAllEnded(a, ids), threads);
        CompletableFuture<Void> runB = CompletableFuture.runAsync(() -> pollUntilAllEnded(b, ids), threads);
        runA.join();
        runB.join();

        assertThat(mostAtOnce).as("drivers of one saga at one moment").hasValue(1);
        for (String id : ids) {
            assertThat(stored.load(id).state()).isEqualTo(SagaState.CONFIRMED);
            // A call whose outcome was unknown (a timeout on a loaded machine) is repeated: same order id, same
            // payload.
            assertThat(stub.callsFor(id).stream().distinct().toList())
                    .as("calls for %s", id)
                    .containsExactly(
                            "PUT /reservations/{id}", "PUT /payments/{id} 7.50",
                            "POST /reservations/{id}/confirm", "POST /payments/{id}/capture");
        }
    }

    /** The orchestrator, counting how many drivers are inside drive() for each saga. */
    private static SagaOrchestrator watched(
            SagaOrchestrator real, Map<String, AtomicInteger> driving, AtomicInteger mostAtOnce) {
        return new SagaOrchestrator(null, null, null, null, null) {
            @Override
            SagaState drive(String orderId, String owner) {
                AtomicInteger inside = driving.computeIfAbsent(orderId, id -> new AtomicInteger());
                mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    return real.drive(orderId, owner);
                } finally {
                    inside.decrementAndGet();
                }
            }
        };
    }

    private void pollUntilAllEnded(RecoveryWorker worker, List<String> ids) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until
                && !ids.stream().allMatch(id -> stored.load(id).state().isFinal())) {
            worker.pollOnce().forEach(CompletableFuture::join);
        }
    }

    private void claimAll(String owner, List<String> into) {
        List<String> batch;
        do {
            batch = claims.claim(owner, 3);
            into.addAll(batch);
        } while (!batch.isEmpty());
    }

    private List<String> crashedSagas(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> stored.crashedAfter((saga, now) -> {}))
                .toList();
    }

    private static Set<String> union(List<String> a, List<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
