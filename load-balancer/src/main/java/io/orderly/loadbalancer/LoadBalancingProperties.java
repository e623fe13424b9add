package io.orderly.loadbalancer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Orderly load balancer ({@code orderly.loadbalancer.*}).
 *
 * @param enabled whether the Orderly balancer replaces Spring Cloud's round robin at all
 * @param strategy the strategy of every service without an override
 * @param decayTime time constant of the latency EWMA: an old sample's weight falls to 1/e after it
 * @param defaultLatency the neutral latency given to an unmeasured instance when no instance of
 * its service has been measured yet
 * @param inFlightTimeout a request whose completion was never reported (e.g. cancelled) stops
 * counting as in flight after this
 * @param forgetAfter statistics of an instance that no discovery list has named for this long
 * are dropped
 * @param ejection passive ejection rules
 * @param services per-service overrides, keyed by service id
 */
@ConfigurationProperties("orderly.loadbalancer")
public record LoadBalancingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("latency") Strategy strategy,
        @DefaultValue("10s") Duration decayTime,
        @DefaultValue("100ms") Duration defaultLatency,
        @DefaultValue("60s") Duration inFlightTimeout,
        @DefaultValue("10m") Duration forgetAfter,
        @DefaultValue Ejection ejection,
        Map<String, ServiceSettings> services) {

    public LoadBalancingProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    /** The defaults, as bound from an empty environment. */
    public static LoadBalancingProperties defaults() {
        return new LoadBalancingProperties(
                true,
                Strategy.LATENCY,
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                Ejection.defaults(),
                Map.of());
    }

    /** The strategy for a service: its override if any (service ids compared ignoring case), else the default. */
    public Strategy strategyFor(String serviceId) {
        if (serviceId != null) {
            String wanted = serviceId.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, ServiceSettings> entry : services.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals(wanted)
                        && entry.getValue().strategy() != null) {
                    return entry.getValue().strategy();
                }
            }
        }
        return strategy;
    }

    /**
     * When an instance is taken out of rotation.
     *
     * @param consecutiveFailures a run of this many failed requests (exception or 5xx) ejects
     * @param baseTime the first ejection lasts this long; each repeat doubles it
     * @param maxTime no ejection lasts longer than this
     */
    public record Ejection(
            @DefaultValue("3") int consecutiveFailures,
            @DefaultValue("1s") Duration baseTime,
            @DefaultValue("30s") Duration maxTime) {

        public static Ejection defaults() {
            return new Ejection(3, Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    /** Per-service override; a missing field keeps the global value. */
    public record ServiceSettings(Strategy strategy) {}
}
