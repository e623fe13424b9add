package io.orderly.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The auto-configuration wired into a small application: a {@code @LoadBalanced RestClient.Builder}
 * resolving "catalog" through the simple discovery client to a fast, a slow and a dead local server.
 */
@SpringBootTest(
        classes = LoadBalancedRestClientTest.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            // The whole test runs within one ejection window.
            "orderly.loadbalancer.ejection.base-time=1m",
            "orderly.loadbalancer.ejection.max-time=1m",
            // Forget cold-start latencies (class loading, first connection) within a fraction of a second.
            "orderly.loadbalancer.decay-time=300ms",
            "orderly.loadbalancer.services.ledger.strategy=round-robin"
        })
class LoadBalancedRestClientTest {

    private static final Duration SLOW_LATENCY = Duration.ofMillis(40);

    private static HttpServer fast;

    private static HttpServer slow;

    private static final AtomicInteger fastHits = new AtomicInteger();

    private static final AtomicInteger slowHits = new AtomicInteger();

    private static int deadPort;

    @Autowired
    @LoadBalanced
    RestClient.Builder loadBalanced;

    @Autowired
    RestClient.Builder plain;

    @Autowired
    LoadBalancerClientFactory clientFactory;

    @BeforeAll
    static void startServers() throws IOException {
        // The JDK server otherwise stalls ~40 ms per response (Nagle), hiding the latency difference.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        fast = server("fast", fastHits, Duration.ZERO);
        slow = server("slow", slowHits, SLOW_LATENCY);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopServers() {
        fast.stop(0);
        slow.stop(0);
    }

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        String prefix = "spring.cloud.discovery.client.simple.instances.";
        registry.add(prefix + "catalog[0].uri", () -> uri(fast.getAddress().getPort()));
        registry.add(prefix + "catalog[1].uri", () -> uri(slow.getAddress().getPort()));
        registry.add(prefix + "catalog[2].uri", () -> uri(deadPort));
        registry.add(prefix + "ledger[0].uri", () -> uri(fast.getAddress().getPort()));
        registry.add(prefix + "ledger[1].uri", () -> uri(slow.getAddress().getPort()));
    }

    @Test
    void sendsMostCallsToTheFastInstanceAndEjectsTheDeadOneAfterItsFirstRefusal() {
        warmUpTheHttpClient();
        RestClient catalog = loadBalanced.build();
        int refusedAttempts = 0;
        int calls = 150;
        for (int i = 0; i < calls; i++) {
            refusedAttempts += callWithRetry(catalog, "http://catalog/item");
        }

        assertThat(refusedAttempts).as("attempts that hit the dead instance").isEqualTo(1);
        assertThat(fastHits.get() + slowHits.get()).isEqualTo(calls);
        assertThat(fastHits.get())
                .as("calls served by the fast instance (slow served %d)", slowHits.get())
                .isGreaterThan(calls * 8 / 10);
    }

    @Test
    void roundRobinIsSelectedForOneServiceByConfiguration() {
        assertThat(clientFactory.getInstance("ledger"))
                .isInstanceOfSatisfying(
                        OrderlyLoadBalancer.class,
                        balancer -> assertThat(balancer.strategy()).isEqualTo(Strategy.ROUND_ROBIN));
        assertThat(clientFactory.getInstance("catalog"))
                .isInstanceOfSatisfying(
                        OrderlyLoadBalancer.class,
                        balancer -> assertThat(balancer.strategy()).isEqualTo(Strategy.LATENCY));

        RestClient ledger = loadBalanced.build();
        int fastBefore = fastHits.get();
        int slowBefore = slowHits.get();
        for (int i = 0; i < 10; i++) {
            ledger.get().uri("http://ledger/entries").retrieve().toBodilessEntity();
        }
        assertThat(fastHits.get() - fastBefore).isEqualTo(5);
        assertThat(slowHits.get() - slowBefore).isEqualTo(5);
    }

    /** The caller's own retry, as order-service does for safe requests: returns the refused attempts. */
    private static int callWithRetry(RestClient client, String uri) {
        int refused = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                client.get().uri(uri).retrieve().toBodilessEntity();
                return refused;
            } catch (ResourceAccessException ex) {
                refused++;
                if (attempt == 3) {
                    throw ex;
                }
            }
        }
    }

    private void warmUpTheHttpClient() {
        RestClient direct = plain.build();
        direct.get().uri(uri(fast.getAddress().getPort())).retrieve().toBodilessEntity();
        direct.get().uri(uri(slow.getAddress().getPort())).retrieve().toBodilessEntity();
        fastHits.set(0);
        slowHits.set(0);
    }

    private static final ScheduledExecutorService LATER =
            Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().factory());

    private static HttpServer server(String name, AtomicInteger hits, Duration latency) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            // The instance's service time: the answer leaves later, from the scheduler; nothing sleeps.
            LATER.schedule(
                    () -> {
                        try {
                            exchange.sendResponseHeaders(200, body.length);
                            exchange.getResponseBody().write(body);
                        } catch (IOException ex) {
                            // the client gave up
                        } finally {
                            exchange.close();
                        }
                    },
                    latency.toNanos(),
                    TimeUnit.NANOSECONDS);
        });
        server.start();
        return server;
    }

    private static String uri(int port) {
        return "http://127.0.0.1:" + port;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {

        @Bean
        @LoadBalanced
        RestClient.Builder loadBalancedRestClientBuilder() {
            return RestClient.builder();
        }

        /** Kept apart from the balanced one, as every service must (STACK-NOTES: Eureka's transport). */
        @Bean
        @Primary
        RestClient.Builder restClientBuilder() {
            return RestClient.builder();
        }
    }
}
