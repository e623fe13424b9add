package io.orderly.web.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.HandlerExceptionResolver;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The services' JSON mapper refuses input that could be read two ways, and a property still decides. */
class StrictJsonInputTest {

    record Line(String sku, int quantity) {}

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(JacksonAutoConfiguration.class, WebProblemsAutoConfiguration.class))
            .withBean("handlerExceptionResolver", HandlerExceptionResolver.class, () -> (req, res, h, ex) -> null);

    @Test
    void aKeyNamedTwiceIsRefused() {
        runner.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThatThrownBy(() -> json.readValue("{\"sku\":\"SKU-1\",\"quantity\":1,\"quantity\":1000}", Line.class))
                    .isInstanceOf(JacksonException.class)
                    .hasMessageContaining("Duplicate Object property \"quantity\"");
        });
    }

    @Test
    void aFractionWhereAnIntIsExpectedIsRefusedNotTruncated() {
        runner.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThatThrownBy(() -> json.readValue("{\"sku\":\"SKU-1\",\"quantity\":2.9}", Line.class))
                    .isInstanceOf(JacksonException.class);
            assertThat(json.readValue("{\"sku\":\"SKU-1\",\"quantity\":2}", Line.class))
                    .isEqualTo(new Line("SKU-1", 2));
        });
    }

    @Test
    void springJacksonPropertiesStillDecide() {
        runner.withPropertyValues("spring.jackson.deserialization.accept-float-as-int=true")
                .run(context -> assertThat(context.getBean(JsonMapper.class)
                                .readValue("{\"sku\":\"SKU-1\",\"quantity\":2.9}", Line.class))
                        .isEqualTo(new Line("SKU-1", 2)));
    }
}
