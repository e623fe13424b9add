package io.orderly.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class ClientKeyResolverTest {

    private final ClientKeyResolver behindHaproxy = new ClientKeyResolver(List.of("127.0.0.1", " 10.0.0.0/8 "));

    private static MockServerWebExchange from(String peer, String... forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request =
                MockServerHttpRequest.get("/api/products").remoteAddress(new InetSocketAddress(peer, 40000));
        for (String line : forwardedFor) {
            request.header(ClientKeyResolver.X_FORWARDED_FOR, line);
        }
        return MockServerWebExchange.from(request);
    }

    @Test
    void aTrustedProxyNamesTheClientWithTheEntryItAppended() {
        assertThat(behindHaproxy.resolve(from("127.0.0.1", "192.0.2.7")).block())
                .isEqualTo("ip:192.0.2.7");
        assertThat(behindHaproxy
                        .resolve(from("10.1.2.3", "198.51.100.1, 192.0.2.7"))
                        .block())
                .isEqualTo("ip:192.0.2.7");
        assertThat(behindHaproxy
                        .resolve(from("127.0.0.1", "198.51.100.1", "192.0.2.9"))
                        .block())
                .isEqualTo("ip:192.0.2.9");
    }

    @Test
    void entriesAClientWroteBeforeTheProxysOwnAreIgnored() {
        // The client sent "X-Forwarded-For: 203.0.113.5"; HAProxy appended the real peer.
        assertThat(behindHaproxy
                        .resolve(from("127.0.0.1", "203.0.113.5, 192.0.2.7"))
                        .block())
                .isEqualTo("ip:192.0.2.7");
    }

    @Test
    void anyOtherPeersHeaderIsNotBelieved() {
        assertThat(behindHaproxy.resolve(from("192.0.2.50", "203.0.113.5")).block())
                .isEqualTo("ip:192.0.2.50");
        ClientKeyResolver direct = new ClientKeyResolver(List.of());
        assertThat(direct.resolve(from("127.0.0.1", "203.0.113.5")).block()).isEqualTo("ip:127.0.0.1");
    }

    @Test
    void aProxyWithoutAUsableHeaderIsTheClient() {
        assertThat(behindHaproxy.resolve(from("127.0.0.1")).block()).isEqualTo("ip:127.0.0.1");
        assertThat(behindHaproxy.resolve(from("127.0.0.1", "unknown")).block()).isEqualTo("ip:127.0.0.1");
        assertThat(behindHaproxy.resolve(from("127.0.0.1", "a, <script>")).block())
                .isEqualTo("ip:127.0.0.1");
    }
}
