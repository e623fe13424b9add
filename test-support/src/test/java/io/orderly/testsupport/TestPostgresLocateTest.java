package io.orderly.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TestPostgresLocateTest {

    private static final TestPostgres.Server CONTAINER =
            new TestPostgres.Server("localhost", 32768, "test", "test", "test");

    @Test
    void aConfiguredUrlWinsAndNoContainerIsStarted() {
        AtomicBoolean started = new AtomicBoolean();

        TestPostgres.Server server =
                TestPostgres.locate("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", () -> {
                    started.set(true);
                    return CONTAINER;
                });

        assertThat(server.port()).isEqualTo(5432);
        assertThat(started).isFalse();
    }

    @Test
    void withoutAUrlTheContainerIsUsed() {
        assertThat(TestPostgres.locate(" ", () -> CONTAINER)).isEqualTo(CONTAINER);
        assertThat(TestPostgres.locate(null, () -> CONTAINER)).isEqualTo(CONTAINER);
    }

    @Test
    void whenTestcontainersFailsItsOwnReasonIsShownWithHowToProvideAServer() {
        RuntimeException pullFailed = new IllegalStateException(
                "Failed to pull image postgres:15-alpine", new RuntimeException("registry unreachable"));

        assertThatThrownBy(() -> TestPostgres.locate(null, () -> {
                    throw pullFailed;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasCause(pullFailed)
                .hasMessageContaining("TEST_POSTGRES_URL=jdbc:postgresql://")
                .hasMessageContaining("TEST_POSTGRES_IMAGE")
                .hasMessageContaining(
                        "Testcontainers said: IllegalStateException: Failed to pull image postgres:15-alpine"
                                + "; caused by RuntimeException: registry unreachable")
                .hasMessageNotContaining("start a Docker engine");
    }
}
