package io.orderly.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class FaultInjectionTest {

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaultInjectionAutoConfiguration.class));

    @Test
    void isOffUnlessConfigured() {
        context.run(ctx -> {
            assertThat(ctx).doesNotHaveBean(FaultProperties.class);
            assertThat(ctx).doesNotHaveBean(FilterRegistrationBean.class);
        });
    }

    @Test
    void bindsTheDocumentedEnvironmentVariablesAndCoversOnlyTheApi() {
        context.withInitializer(ctx -> ctx.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("ORDERLY_FAULT_DELAY", "200ms", "ORDERLY_FAULT_MAX_CONCURRENCY", "8"))))
                .run(ctx -> {
                    assertThat(ctx.getBean(FaultProperties.class))
                            .isEqualTo(new FaultProperties(Duration.ofMillis(200), 8));
                    FilterRegistrationBean<?> registration = ctx.getBean(FilterRegistrationBean.class);
                    assertThat(registration.isEnabled()).isTrue();
                    assertThat(registration.getUrlPatterns()).containsExactly("/api/*");
                });
    }

    @Test
    void eitherFaultAloneSwitchesTheFilterOn() {
        context.withPropertyValues("orderly.fault.max-concurrency=3")
                .run(ctx -> assertThat(ctx.getBean(FilterRegistrationBean.class).isEnabled())
                        .isTrue());
        context.withPropertyValues("orderly.fault.delay=5ms")
                .run(ctx -> assertThat(ctx.getBean(FilterRegistrationBean.class).isEnabled())
                        .isTrue());
    }

    @Test
    void zeroValuesLeaveTheFilterDisabled() {
        context.withPropertyValues("orderly.fault.delay=0ms", "orderly.fault.max-concurrency=0")
                .run(ctx -> assertThat(ctx.getBean(FilterRegistrationBean.class).isEnabled())
                        .isFalse());
    }

    @Test
    void backsOffWhenSwitchedOffOrOutsideAServletApplication() {
        context.withPropertyValues("orderly.fault.delay=200ms", "orderly.fault.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(FilterRegistrationBean.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FaultInjectionAutoConfiguration.class))
                .withPropertyValues("orderly.fault.delay=200ms")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void backsOffForTheApplicationsOwnFilterOfThatName() {
        context.withPropertyValues("orderly.fault.delay=200ms")
                .withUserConfiguration(OwnFilter.class)
                .run(ctx -> assertThat(ctx.getBean("faultInjectionFilter")).isSameAs(OwnFilter.REGISTRATION));
    }

    @Test
    void isFoundByBootsAutoConfigurationImports() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(FaultInjectionAutoConfiguration.class.getName());
    }

    @Test
    void addsTheDelayToEveryRequest() throws Exception {
        FaultInjectionFilter filter = new FaultInjectionFilter(new FaultProperties(Duration.ofMillis(60), 0));
        AtomicInteger served = new AtomicInteger();

        long start = System.nanoTime();
        filter.doFilter(apiRequest(), new MockHttpServletResponse(), (req, res) -> served.incrementAndGet());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        assertThat(served).hasValue(1);
    }

    @Test
    void excessRequestsWaitForAPermitInsteadOfFailing() throws Exception {
        FaultInjectionFilter filter = new FaultInjectionFilter(new FaultProperties(Duration.ZERO, 2));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        FilterChain slowHandler = (req, res) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            served.incrementAndGet();
        };
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try {
                    filter.doFilter(apiRequest(), new MockHttpServletResponse(), slowHandler);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }

        await().atMost(Duration.ofSeconds(5))
                .until(() -> running.get() == 2
                        && clients.stream()
                                        .filter(t -> t.getState() == Thread.State.WAITING)
                                        .count()
                                == 3);
        assertThat(served).hasValue(0);

        release.countDown();
        for (Thread client : clients) {
            client.join(5_000);
        }
        assertThat(served).hasValue(3);
        assertThat(mostAtOnce).hasValue(2);
    }

    private static MockHttpServletRequest apiRequest() {
        return new MockHttpServletRequest("GET", "/api/products/SKU-1");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilter {

        static final FilterRegistrationBean<?> REGISTRATION = new FilterRegistrationBean<>();

        @Bean
        FilterRegistrationBean<?> faultInjectionFilter() {
            return REGISTRATION;
        }
    }
}
