package io.orderly.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.appinfo.HealthCheckHandler;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

/** Wired against a registry typed by its own registration class, as Eureka's is. */
class ServiceLifecycleAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServiceLifecycleAutoConfiguration.class));

    @Test
    void appliesToARegistryTypedByItsOwnRegistration() {
        runner.withBean(OwnRegistration.class, OwnRegistration::new)
                .withBean(OwnRegistry.class, OwnRegistry::new)
                .run(context -> assertThat(context).hasSingleBean(LeaveRegistryFirst.class));
    }

    @Test
    void staysOutOfAServiceThatDoesNotRegister() {
        runner.run(context -> assertThat(context).doesNotHaveBean(LeaveRegistryFirst.class));
    }

    @Test
    void canBeSwitchedOff() {
        runner.withBean(OwnRegistration.class, OwnRegistration::new)
                .withBean(OwnRegistry.class, OwnRegistry::new)
                .withPropertyValues("orderly.lifecycle.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LeaveRegistryFirst.class));
    }

    @Test
    void staysOutOfARegistryServerThatDoesNotRegisterItself() {
        runner.withBean(OwnRegistration.class, OwnRegistration::new)
                .withBean(OwnRegistry.class, OwnRegistry::new)
                .withBean(ApplicationAvailabilityBean.class, ApplicationAvailabilityBean::new)
                .withPropertyValues("eureka.client.register-with-eureka=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(LeaveRegistryFirst.class);
                    assertThat(context).doesNotHaveBean(FollowReadiness.class);
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServicesOwnBeanWins() {
        OwnRegistration registration = new OwnRegistration();
        ServiceRegistry<?> registry = new OwnRegistry();
        LeaveRegistryFirst own = new LeaveRegistryFirst(
                (ServiceRegistry<Registration>) registry, registration, Duration.ZERO, delay -> {});
        runner.withBean(OwnRegistration.class, () -> registration)
                .withBean(OwnRegistry.class, () -> (OwnRegistry) registry)
                .withBean(LeaveRegistryFirst.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(LeaveRegistryFirst.class);
                    assertThat(context).getBean(LeaveRegistryFirst.class).isSameAs(own);
                });
    }

    @Test
    void letsTheRegistryFollowReadiness() {
        runner.withBean(ApplicationAvailabilityBean.class, ApplicationAvailabilityBean::new)
                .run(context -> assertThat(context).hasSingleBean(FollowReadiness.class));
    }

    @Test
    void aServicesOwnHealthCheckHandlerWins() {
        HealthCheckHandler own = current -> current;
        runner.withBean(ApplicationAvailabilityBean.class, ApplicationAvailabilityBean::new)
                .withBean(HealthCheckHandler.class, () -> own)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(FollowReadiness.class);
                    assertThat(context).getBean(HealthCheckHandler.class).isSameAs(own);
                });
    }

    static class OwnRegistration implements Registration {
        @Override
        public String getServiceId() {
            return "svc";
        }

        @Override
        public String getHost() {
            return "127.0.0.1";
        }

        @Override
        public int getPort() {
            return 1;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public URI getUri() {
            return URI.create("http://127.0.0.1:1");
        }

        @Override
        public Map<String, String> getMetadata() {
            return Map.of();
        }
    }

    static class OwnRegistry implements ServiceRegistry<OwnRegistration> {
        @Override
        public void register(OwnRegistration registration) {}

        @Override
        public void deregister(OwnRegistration registration) {}

        @Override
        public void close() {}

        @Override
        public void setStatus(OwnRegistration registration, String status) {}

        @Override
        public <T> T getStatus(OwnRegistration registration) {
            return null;
        }
    }
}
