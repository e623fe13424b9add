package io.orderly.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.security.Principal;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Whose bucket a request draws from: the authenticated principal's when there is one, else the
 * address of the peer that opened the connection. {@code X-Forwarded-For} and {@code Forwarded} are
 * not read: any client can write them, and a client that could pick its key could dodge its limit.
 * (Behind a proxy that overwrites them, Boot's {@code server.forward-headers-strategy} makes the
 * remote address the client's.)
 */
final class ClientKeyResolver implements KeyResolver {

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .map(Principal::getName)
                .map(name -> "user:" + name)
                .switchIfEmpty(Mono.fromSupplier(() -> "ip:" + address(exchange)));
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            // Every request has a peer on Netty; should one not, all such share one bucket rather
            // than none (an empty key would be refused with 403).
            return "unknown";
        }
        return remote.getAddress().getHostAddress();
    }
}
