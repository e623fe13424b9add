package io.orderly.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** The Grafana dashboards of {@code observability/grafana/dashboards} and the PromQL queries of their panels. */
final class Dashboards {

    static final Path DIRECTORY = OrderlySystem.repoRoot().resolve("observability/grafana/dashboards");

    /**
     * What Grafana puts in place of {@code $__rate_interval} here: four of Prometheus's 5 s scrape
     * intervals and more, as Grafana's own rule (at least four scrape intervals) would.
     */
    static final String RATE_INTERVAL = "1m";

    /** One query of one panel. */
    record Query(String dashboard, String panel, String expr) {

        /** The query as Prometheus gets it once Grafana has filled in its variables. */
        String promql() {
            return expr.replace("$__rate_interval", RATE_INTERVAL);
        }

        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expr;
        }
    }

    private Dashboards() {}

    static List<Path> files() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return Api.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(
                            dashboard.path("title").asString(),
                            panel.path("title").asString(),
                            target.path("expr").asString()));
                }
            }
        }
        return queries;
    }
}
