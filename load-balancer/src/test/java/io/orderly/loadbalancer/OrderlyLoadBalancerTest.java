package io.orderly.loadbalancer;

import static io.orderly.loadbalancer.Instances.instance;
import static io.orderly.loadbalancer.Instances.refuse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.SimpleObjectProvider;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;

class OrderlyLoadBalancerTest {

    private final FakeTicker ticker = new FakeTicker();

    private final InstanceStatsRegistry registry =
            new InstanceStatsRegistry(LoadBalancingProperties.defaults(), ticker);

    private final ServiceInstance a = instance("a", 8081);

    private final ServiceInstance b = instance("b", 8082);

    private final ServiceInstance c = instance("c", 8083);

    @Test
    void withOneInstanceReturnsItEvenWhenEjected() {
        refuse(registry, ticker, a);

        assertThat(choose(latency(a)).getServer()).isEqualTo(a);
    }

    @Test
    void withNoInstanceAnswersAnEmptyResponse() {
        assertThat(choose(latency()).hasServer()).isFalse();
    }

    @Test
    void neverChoosesAnEjectedInstanceWhileAnotherIsAdmitted() {
        OrderlyLoadBalancer balancer = latency(a, b, c);
        refuse(registry, ticker, b);

        for (int i = 0; i < 100; i++) {
            assertThat(choose(balancer).getServer()).isNotEqualTo(b);
        }
    }

    @Test
    void roundRobinTakesTheAdmittedInstancesInTurn() {
        OrderlyLoadBalancer balancer = balancer(new RoundRobin(0), a, b, c);
        List<ServiceInstance> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chosen.add(choose(balancer).getServer());
        }
        assertThat(chosen).containsExactly(a, b, c, a, b, c);

        refuse(registry, ticker, b);
        assertThat(choose(balancer).getServer()).isNotEqualTo(b);
    }

    @Test
    void theStrategyIsChosenPerServiceByConfiguration() {
        LoadBalancingProperties properties = new LoadBalancingProperties(
                true,
                Strategy.LATENCY,
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                LoadBalancingProperties.Ejection.defaults(),
                Map.of(
                        "payment-service",
                        new LoadBalancingProperties.ServiceSettings(Strategy.ROUND_ROBIN),
                        "order-service",
                        new LoadBalancingProperties.ServiceSettings(null)));

        assertThat(properties.strategyFor("payment-service")).isEqualTo(Strategy.ROUND_ROBIN);
        assertThat(properties.strategyFor("PAYMENT-SERVICE"))
                .as("Eureka's spelling")
                .isEqualTo(Strategy.ROUND_ROBIN);
        assertThat(properties.strategyFor("order-service")).isEqualTo(Strategy.LATENCY);
        assertThat(properties.strategyFor("inventory-service")).isEqualTo(Strategy.LATENCY);
    }

    private OrderlyLoadBalancer latency(ServiceInstance... instances) {
        Random random = new Random(7);
        return balancer(new PowerOfTwoChoices(registry, () -> random), instances);
    }

    private OrderlyLoadBalancer balancer(InstancePicker picker, ServiceInstance... instances) {
        return new OrderlyLoadBalancer(
                "inventory-service",
                new SimpleObjectProvider<>(ServiceInstanceListSuppliers.from("inventory-service", instances)),
                registry,
                picker);
    }

    private static Response<ServiceInstance> choose(OrderlyLoadBalancer balancer) {
        return balancer.choose(new DefaultRequest<>()).block();
    }
}
