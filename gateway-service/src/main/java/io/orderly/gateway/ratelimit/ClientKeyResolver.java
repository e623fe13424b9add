package io.orderly.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.security.web.server.util.matcher.IpAddressServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whose bucket a request draws from: the authenticated principal's when there is one, else the
 * client's address. That is the address of the peer that opened the connection, unless the peer is
 * one of the trusted proxies (the edge HAProxy of the HA topology): then it is the last address in
 * {@code X-Forwarded-For}, the one that proxy appended for the connection it accepted. Entries before
 * it, and {@code X-Forwarded-For} from any other peer, are not read: any client can write them, and a
 * client that could pick its key could dodge its limit.
 *
 * <p>Written by hand because Reactor Netty's forwarded-header handling ({@code
 * server.forward-headers-strategy: native}) believes the headers of every peer and has no list of
 * trusted proxies, and it would also rewrite the request's remote address for everything else.
 */
final class ClientKeyResolver implements KeyResolver {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final List<IpAddressServerWebExchangeMatcher> trustedProxies;

    /** @param trustedProxies addresses or CIDR blocks of the proxies whose X-Forwarded-For is believed */
    ClientKeyResolver(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream()
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(IpAddressServerWebExchangeMatcher::new)
                .toList();
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .map(Principal::getName)
                .map(name -> "user:" + name)
                .switchIfEmpty(Flux.fromIterable(trustedProxies)
                        .concatMap(proxy -> proxy.matches(exchange))
                        .any(ServerWebExchangeMatcher.MatchResult::isMatch)
                        .map(fromProxy -> "ip:" + clientAddress(exchange, fromProxy)));
    }

    private static String clientAddress(ServerWebExchange exchange, boolean fromTrustedProxy) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            // Every request has a peer on Netty; should one not, all such share one bucket rather
            // than none (an empty key would be refused with 403).
            return "unknown";
        }
        String peer = remote.getAddress().getHostAddress();
        if (!fromTrustedProxy) {
            return peer;
        }
        String forwarded = lastForwardedFor(exchange.getRequest().getHeaders().getValuesAsList(X_FORWARDED_FOR));
        return forwarded == null ? peer : forwarded;
    }

    /** The rightmost entry over all X-Forwarded-For lines, if it is an IP address. */
    private static String lastForwardedFor(List<String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        String last = headers.getLast();
        String entry = last.substring(last.lastIndexOf(',') + 1).strip();
        return looksLikeAddress(entry) ? entry : null;
    }

    private static boolean looksLikeAddress(String entry) {
        if (entry.isEmpty() || entry.length() > 45) {
            return false;
        }
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return false;
            }
        }
        return true;
    }
}
