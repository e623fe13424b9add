package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboards Grafana provisions in the compose observability profile are well-formed: each one
 * has its own uid and title, every panel a unique id, a place on the grid and at least one query of
 * the provisioned Prometheus data source. That every query answers is HighAvailabilityIT's to show,
 * against a running Prometheus.
 */
class DashboardsTest {

    static final Path DATASOURCES =
            OrderlySystem.repoRoot().resolve("observability/grafana/provisioning/datasources/datasources.yml");

    @Test
    void everyDashboardIsWellFormedAndQueriesTheProvisionedPrometheus() throws Exception {
        assertThat(Dashboards.files()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(Files.readString(DATASOURCES)).contains("uid: prometheus", "url: http://prometheus:9090");
        Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files()) {
            JsonNode dashboard = Dashboards.read(file);
            String uid = dashboard.path("uid").asString();
            assertThat(uids.add(uid)).as("uid %s of %s is unique", uid, file).isTrue();
            assertThat(file.getFileName().toString()).isEqualTo(uid + ".json");
            assertThat(dashboard.path("title").asString()).startsWith("Orderly: ");
            assertThat(dashboard.path("panels").size()).as(file.toString()).isGreaterThan(1);
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + " / " + panel.path("title").asString();
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("%s: unique id", where)
                        .isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as(where).isPositive();
                assertThat(panel.path("gridPos").path("h").asInt()).as(where).isPositive();
                assertThat(panel.path("datasource").path("uid").asString())
                        .as(where)
                        .isEqualTo("prometheus");
                assertThat(panel.path("targets").size()).as(where).isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asString()).as(where).isNotBlank();
                }
            }
        }
    }

    @Test
    void theQueriesCoverWhatTheOperatorWatches() {
        String all = String.join(
                "\n", Dashboards.queries().stream().map(Dashboards.Query::expr).toList());
        assertThat(all)
                .contains(
                        "orderly_saga_completed_total",
                        "orderly_saga_step_retries_total",
                        "orderly_saga_parked",
                        "orderly_loadbalancer_in_flight",
                        "orderly_loadbalancer_latency_ewma_seconds",
                        "orderly_loadbalancer_ejections_total",
                        "histogram_quantile(0.5",
                        "histogram_quantile(0.99",
                        "resilience4j_circuitbreaker_state",
                        "jvm_memory_used_bytes");
    }
}
