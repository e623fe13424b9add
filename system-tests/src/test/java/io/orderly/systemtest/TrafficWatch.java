package io.orderly.systemtest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Watches, from outside, when a killed instance stopped receiving traffic: when a caller's load
 * balancer (the gateway's, or order-service's for participant calls) ejected it (its
 * {@code orderly_loadbalancer_ejections_total} for that address rose), and when Eureka stopped
 * listing it. Polls every 200 ms on its own thread.
 */
final class TrafficWatch implements AutoCloseable {

    private static final Pattern EJECTIONS =
            Pattern.compile("orderly_loadbalancer_ejections_total\\{[^}]*instance=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)");

    private final List<Api> callers;
    private final Api registry;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("traffic-watch").factory());
    private final Map<String, Double> ejections = new ConcurrentHashMap<>(); // per caller + address
    private final Map<String, Long> firstEjectionAfterWatch = new ConcurrentHashMap<>();
    private final Map<String, Long> watchedSince = new ConcurrentHashMap<>();
    private final Map<String, Long> goneFromRegistry = new ConcurrentHashMap<>();

    /** {@code callerManagementUrls}: where each caller's Prometheus scrape answers (its management port). */
    TrafficWatch(List<String> callerManagementUrls, String registryUrl) {
        this.callers = callerManagementUrls.stream().map(Api::new).toList();
        this.registry = RegistryAccess.api(registryUrl);
        poller.scheduleWithFixedDelay(this::poll, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Starts timing the address {@code 127.0.0.1:port} from now (call right after the kill). */
    void watch(int port) {
        String address = "127.0.0.1:" + port;
        watchedSince.put(address, System.nanoTime());
    }

    /** Seconds from watch() until a caller first ejected the address, or -1 if none did. */
    double secondsToEjection(int port) {
        String address = "127.0.0.1:" + port;
        Long at = firstEjectionAfterWatch.get(address);
        return at == null ? -1 : (at - watchedSince.get(address)) / 1e9;
    }

    /** Seconds from watch() until Eureka no longer listed the address, or -1 if it still does. */
    double secondsToDeregistration(int port) {
        String address = "127.0.0.1:" + port;
        Long at = goneFromRegistry.get(address);
        return at == null ? -1 : (at - watchedSince.get(address)) / 1e9;
    }

    private void poll() {
        try {
            for (Api caller : callers) {
                scrape(caller);
            }
            Api.Response apps = registry.get("/eureka/apps");
            if (apps.status() != 200) {
                return; // a registry that does not answer lists nothing: no conclusion from it
            }
            Set<String> listed = listedAddresses(apps.json());
            for (String address : watchedSince.keySet()) {
                if (!listed.contains(address)) {
                    goneFromRegistry.putIfAbsent(address, System.nanoTime());
                }
            }
        } catch (RuntimeException e) {
            // The gateway or registry was briefly unreachable: the next round polls again.
        }
    }

    /** Every {@code ipAddr:port} the registry lists (Eureka's JSON: an object or an array where one or more). */
    static Set<String> listedAddresses(JsonNode apps) {
        Set<String> listed = new HashSet<>();
        for (JsonNode app : elements(apps.path("applications").path("application"))) {
            for (JsonNode instance : elements(app.path("instance"))) {
                listed.add(instance.path("ipAddr").asString() + ":"
                        + instance.path("port").path("$").asInt());
            }
        }
        return listed;
    }

    /** The elements of a node of Eureka's JSON, which is an object where there is one and an array where more. */
    static List<JsonNode> elements(JsonNode node) {
        if (node.isArray()) {
            List<JsonNode> all = new ArrayList<>();
            node.forEach(all::add);
            return all;
        }
        return node.isObject() ? List.of(node) : List.of();
    }

    private void scrape(Api caller) {
        try {
            Matcher m = EJECTIONS.matcher(caller.getText("/actuator/prometheus").body());
            while (m.find()) {
                String address = m.group(1);
                double count = Double.parseDouble(m.group(2));
                Double before = ejections.put(caller + "|" + address, count);
                if (watchedSince.containsKey(address) && (before == null ? count > 0 : count > before)) {
                    firstEjectionAfterWatch.putIfAbsent(address, System.nanoTime());
                }
            }
        } catch (RuntimeException e) {
            // A caller that is down (e.g. the killed order-service) has nothing to tell.
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
