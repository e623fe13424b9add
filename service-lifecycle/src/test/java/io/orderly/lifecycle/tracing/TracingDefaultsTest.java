package io.orderly.lifecycle.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TracingDefaultsTest {

    @Test
    void withoutAZipkinUrlEverythingIsTracedAndNothingIsSent() {
        StandardEnvironment environment = environmentWith(Map.of());

        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("1.0");
        assertThat(environment.getProperty("management.tracing.export.zipkin.enabled"))
                .isEqualTo("false");
        assertThat(environment.getProperty("spring.reactor.context-propagation"))
                .isEqualTo("auto");
    }

    @Test
    void aZipkinUrlTurnsTheExportOnToItsSpanIntake() {
        StandardEnvironment environment = environmentWith(Map.of("ZIPKIN_URL", "http://127.0.0.1:9411/"));

        assertThat(environment.getProperty("management.tracing.export.zipkin.enabled"))
                .isEqualTo("true");
        assertThat(environment.getProperty("management.tracing.export.zipkin.endpoint"))
                .isEqualTo("http://127.0.0.1:9411/api/v2/spans");
    }

    @Test
    void theServicesOwnSettingsWin() {
        StandardEnvironment environment =
                environmentWith(Map.of("management.tracing.sampling.probability", "0.1", "ZIPKIN_URL", " "));

        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("0.1");
        assertThat(environment.getProperty("management.tracing.export.zipkin.enabled"))
                .isEqualTo("false");
    }

    @Test
    void anEndpointAlreadyNamingTheIntakeIsKept() {
        assertThat(TracingDefaults.spansEndpoint("http://zipkin:9411/api/v2/spans"))
                .isEqualTo("http://zipkin:9411/api/v2/spans");
    }

    private static StandardEnvironment environmentWith(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new TracingDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
