package io.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.annotation.Transactional;

/** The service boots on its embedded H2 default: migrations apply, the schema validates, metrics are exposed. */
@SpringBootTest
@AutoConfigureMockMvc
class OrderServiceApplicationTest {

    @Test
    void migrationsRunOnTheEmbeddedH2Database(@Autowired Flyway flyway) {
        assertThat(flyway.info().applied())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getState().isApplied()).isTrue());
        assertThat(flyway.info().pending()).isEmpty();
    }

    @Test
    @Transactional
    void migrationsTakeParkedSagasAndTheirAudit(@Autowired Flyway flyway, @Autowired JdbcTemplate jdbc) {
        MigrationChecks.schemaTakesParkedSagas(flyway, jdbc);
    }

    @Test
    void exposesTheSagaMetricsForPrometheus(@Autowired MockMvc mvc) throws Exception {
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("orderly_saga_started_total")))
                .andExpect(content().string(containsString("orderly_saga_stuck")))
                .andExpect(content().string(containsString("resilience4j_circuitbreaker_state")));
    }
}
