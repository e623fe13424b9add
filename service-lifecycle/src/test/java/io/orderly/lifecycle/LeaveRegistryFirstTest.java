package io.orderly.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

class LeaveRegistryFirstTest {

    final List<String> events = new ArrayList<>();

    final ServiceRegistry<Registration> registry = new ServiceRegistry<>() {
        @Override
        public void register(Registration registration) {
            events.add("register");
        }

        @Override
        public void deregister(Registration registration) {
            events.add("deregister");
        }

        @Override
        public void close() {}

        @Override
        public void setStatus(Registration registration, String status) {
            events.add("status " + status);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getStatus(Registration registration) {
            return null;
        }
    };

    final Registration registration = new Registration() {
        @Override
        public String getServiceId() {
            return "inventory-service";
        }

        @Override
        public String getHost() {
            return "127.0.0.1";
        }

        @Override
        public int getPort() {
            return 8081;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public URI getUri() {
            return URI.create("http://127.0.0.1:8081");
        }

        @Override
        public Map<String, String> getMetadata() {
            return Map.of();
        }
    };

    @Test
    void marksItselfOutOfServiceThenWaitsForCallersBeforeTheServerDrains() {
        var lifecycle = new LeaveRegistryFirst(
                registry, registration, Duration.ofSeconds(5), d -> events.add("wait " + d.toSeconds() + "s"));
        lifecycle.start();

        lifecycle.stop();

        assertThat(events).containsExactly("status OUT_OF_SERVICE", "wait 5s");
        assertThat(lifecycle.isRunning()).isFalse();
    }

    @Test
    void stopsBeforeTheWebServersGracefulShutdown() {
        var lifecycle = new LeaveRegistryFirst(registry, registration, Duration.ZERO, d -> {});
        // Spring stops lifecycles from the highest phase down; Boot's graceful web shutdown is at
        // Integer.MAX_VALUE - 1024.
        assertThat(lifecycle.getPhase()).isGreaterThan(Integer.MAX_VALUE - 1024);
    }

    @Test
    void stopsOnlyOnce() {
        var lifecycle = new LeaveRegistryFirst(registry, registration, Duration.ofSeconds(1), d -> events.add("wait"));
        lifecycle.start();
        lifecycle.stop();
        lifecycle.stop();
        assertThat(events).containsExactly("status OUT_OF_SERVICE", "wait");
    }

    @Test
    void aRegistryThatCannotBeReachedDoesNotDelayShutdown() {
        ServiceRegistry<Registration> broken = new ServiceRegistry<>() {
            @Override
            public void register(Registration r) {}

            @Override
            public void deregister(Registration r) {}

            @Override
            public void close() {}

            @Override
            public void setStatus(Registration r, String status) {
                throw new IllegalStateException("registry down");
            }

            @Override
            public <T> T getStatus(Registration r) {
                return null;
            }
        };
        var lifecycle = new LeaveRegistryFirst(broken, registration, Duration.ofSeconds(5), d -> events.add("wait"));
        lifecycle.start();
        lifecycle.stop();
        assertThat(events).isEmpty();
    }
}
