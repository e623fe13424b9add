package io.orderly.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FollowReadinessTest {

    final AtomicBoolean ready = new AtomicBoolean();
    final FollowReadiness handler = new FollowReadiness(ready::get);

    @Test
    void staysStartingUntilTheInstanceIsFirstReady() {
        assertThat(handler.getStatus(InstanceStatus.STARTING)).isEqualTo(InstanceStatus.STARTING);
        assertThat(handler.getStatus(InstanceStatus.UP)).isEqualTo(InstanceStatus.STARTING);

        ready.set(true);

        assertThat(handler.getStatus(InstanceStatus.STARTING)).isEqualTo(InstanceStatus.UP);
    }

    @Test
    void goesDownWhileAReadyInstanceIsNotReadyAndUpAgainWhenItIs() {
        ready.set(true);
        handler.getStatus(InstanceStatus.STARTING);

        ready.set(false);
        assertThat(handler.getStatus(InstanceStatus.UP)).isEqualTo(InstanceStatus.DOWN);

        ready.set(true);
        assertThat(handler.getStatus(InstanceStatus.DOWN)).isEqualTo(InstanceStatus.UP);
    }

    @Test
    void aReadinessCheckThatThrowsIsNotReady() {
        FollowReadiness failing = new FollowReadiness(() -> {
            throw new IllegalStateException("health endpoint not there yet");
        });

        assertThat(failing.getStatus(InstanceStatus.STARTING)).isEqualTo(InstanceStatus.STARTING);
    }
}
