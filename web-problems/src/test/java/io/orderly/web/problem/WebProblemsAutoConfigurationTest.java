package io.orderly.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Each bean of the auto-configuration gives way to a service's own. */
class WebProblemsAutoConfigurationTest {

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebProblemsAutoConfiguration.class))
            .withBean("handlerExceptionResolver", HandlerExceptionResolver.class, () -> (req, res, h, ex) -> null);

    @Test
    void registersEveryBeanByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProblemExceptionHandler.class);
            assertThat(context).hasSingleBean(ProblemErrorController.class);
            assertThat(context).hasBean("problemErrorReportValve");
            assertThat(context).hasBean("requestBodyLimitFilter");
            assertThat(context.getBean("requestBodyLimitFilter", FilterRegistrationBean.class)
                            .getFilter())
                    .isInstanceOf(RequestBodyLimitFilter.class);
        });
    }

    @Test
    void aServicesOwnExceptionHandlerWins() {
        runner.withBean(OwnHandler.class, OwnHandler::new).run(context -> {
            assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class);
            assertThat(context).getBean(ResponseEntityExceptionHandler.class).isInstanceOf(OwnHandler.class);
            assertThat(context).doesNotHaveBean(ProblemExceptionHandler.class);
        });
    }

    @Test
    void aServicesOwnErrorControllerWins() {
        runner.withBean(OwnErrorController.class, OwnErrorController::new).run(context -> {
            assertThat(context).hasSingleBean(ErrorController.class);
            assertThat(context).getBean(ErrorController.class).isInstanceOf(OwnErrorController.class);
            assertThat(context).doesNotHaveBean(ProblemErrorController.class);
        });
    }

    @Test
    void aServicesOwnErrorValveCustomizerWins() {
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> own = factory -> {};
        runner.withBean("problemErrorReportValve", WebServerFactoryCustomizer.class, () -> own)
                .run(context ->
                        assertThat(context.getBean("problemErrorReportValve")).isSameAs(own));
    }

    @Test
    void aServicesOwnBodyLimitFilterWins() {
        var own = new FilterRegistrationBean<>(new CharacterEncodingFilter());
        runner.withBean("requestBodyLimitFilter", FilterRegistrationBean.class, () -> own)
                .run(context -> {
                    assertThat(context.getBean("requestBodyLimitFilter")).isSameAs(own);
                    assertThat(context.getBeansOfType(FilterRegistrationBean.class))
                            .hasSize(1);
                });
    }

    static class OwnHandler extends ResponseEntityExceptionHandler {}

    static class OwnErrorController implements ErrorController {}
}
