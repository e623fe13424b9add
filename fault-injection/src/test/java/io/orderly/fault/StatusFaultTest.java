package io.orderly.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class StatusFaultTest {

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StatusFaultAutoConfiguration.class));

    @Test
    void isOffUnlessConfigured() {
        context.run(ctx -> assertThat(ctx).doesNotHaveBean(StatusFaultProperties.class));
        context.withPropertyValues("orderly.fault.delay=5ms")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void bindsTheDocumentedEnvironmentVariablesAndCoversEveryPath() {
        context.withInitializer(ctx -> ctx.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of(
                                        "ORDERLY_FAULT_STATUS",
                                        "403",
                                        "ORDERLY_FAULT_STATUS_PATHS",
                                        "/reservations/*/confirm,/payments/*"))))
                .run(ctx -> {
                    assertThat(ctx.getBean(StatusFaultProperties.class))
                            .isEqualTo(
                                    new StatusFaultProperties(403, List.of("/reservations/*/confirm", "/payments/*")));
                    FilterRegistrationBean<?> registration = ctx.getBean(FilterRegistrationBean.class);
                    assertThat(registration.isEnabled()).isTrue();
                    assertThat(registration.getUrlPatterns()).containsExactly("/*");
                });
    }

    @Test
    void switchedOffByEnabledFalse() {
        context.withPropertyValues(
                        "orderly.fault.status=403", "orderly.fault.status-paths=/x", "orderly.fault.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void rejectsAStatusThatIsNotAnErrorOrHasNoPaths() {
        assertThatThrownBy(() -> new StatusFaultProperties(200, List.of("/x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StatusFaultProperties(403, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status-paths");
        assertThat(new StatusFaultProperties(0, null).active()).isFalse();
    }

    @Test
    void answersTheStatusOnMatchingPathsOnlyWithoutCallingTheService() throws Exception {
        var filter = new StatusFaultFilter(new StatusFaultProperties(403, List.of("/reservations/*/confirm")));
        AtomicInteger passed = new AtomicInteger();

        MockHttpServletResponse confirm = run(filter, "POST", "/reservations/o-1/confirm", passed);
        MockHttpServletResponse cancel = run(filter, "POST", "/reservations/o-1/cancel", passed);
        MockHttpServletResponse reserve = run(filter, "PUT", "/reservations/o-1", passed);

        assertThat(confirm.getStatus()).isEqualTo(403);
        assertThat(confirm.getContentType()).startsWith("application/problem+json");
        assertThat(confirm.getContentAsString()).contains("\"status\":403").contains("injected-fault");
        assertThat(cancel.getStatus()).isEqualTo(200);
        assertThat(reserve.getStatus()).isEqualTo(200);
        assertThat(passed).as("only the two others reach the service").hasValue(2);
    }

    @Test
    void aSingleStarIsOneSegmentAndADoubleStarAnyNumber() throws Exception {
        var one = new StatusFaultFilter(new StatusFaultProperties(400, List.of("/reservations/*")));
        var any = new StatusFaultFilter(new StatusFaultProperties(400, List.of("/reservations/**")));
        AtomicInteger passed = new AtomicInteger();

        assertThat(run(one, "PUT", "/reservations/o-1", passed).getStatus()).isEqualTo(400);
        assertThat(run(one, "POST", "/reservations/o-1/cancel", passed).getStatus())
                .isEqualTo(200);
        assertThat(run(any, "POST", "/reservations/o-1/cancel", passed).getStatus())
                .isEqualTo(400);
        assertThat(run(any, "GET", "/api/products", passed).getStatus()).isEqualTo(200);
    }

    private static MockHttpServletResponse run(
            StatusFaultFilter filter, String method, String path, AtomicInteger passed) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> passed.incrementAndGet());
        return response;
    }
}
