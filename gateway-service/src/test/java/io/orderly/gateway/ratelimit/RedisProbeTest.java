package io.orderly.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.core.publisher.Mono;

/** The startup PING: tried again after a failed attempt, never past its timeout. */
class RedisProbeTest {

    private final ReactiveRedisConnectionFactory factory = mock(ReactiveRedisConnectionFactory.class);
    private final ReactiveRedisConnection connection = mock(ReactiveRedisConnection.class);

    @Test
    void aFirstConnectionThatFailsIsTriedAgainUntilRedisAnswers() {
        given(connection.ping()).willReturn(Mono.just("PONG"));
        given(factory.getReactiveConnection())
                .willThrow(new RedisConnectionFailureException("connect timed out"))
                .willThrow(new RedisConnectionFailureException("connect timed out"))
                .willReturn(connection);

        assertThat(RateLimitConfiguration.answers(factory, Duration.ofSeconds(5)))
                .isTrue();
        verify(factory, times(3)).getReactiveConnection();
    }

    @Test
    void aRedisThatNeverAnswersIsGivenUpAtTheTimeout() {
        given(factory.getReactiveConnection()).willThrow(new RedisConnectionFailureException("refused"));

        long start = System.nanoTime();
        assertThat(RateLimitConfiguration.answers(factory, Duration.ofMillis(900)))
                .isFalse();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(800L, 3000L);
    }

    @Test
    void aPingThatHangsIsGivenUpAtTheTimeout() {
        given(connection.ping()).willReturn(Mono.never());
        given(factory.getReactiveConnection()).willReturn(connection);

        long start = System.nanoTime();
        assertThat(RateLimitConfiguration.answers(factory, Duration.ofMillis(500)))
                .isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000L);
    }
}
