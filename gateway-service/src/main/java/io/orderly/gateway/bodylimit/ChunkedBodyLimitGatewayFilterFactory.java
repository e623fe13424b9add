package io.orderly.gateway.bodylimit;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Default filter {@code ChunkedBodyLimit}: bounds a request body that comes without
 * {@code Content-Length} (chunked), which Spring Cloud Gateway's {@code RequestSize} filter cannot see.
 * Such a body is read here, up to {@code maxSize}: over it, the request is answered 413 (a problem
 * detail, like {@code RequestSize}'s) before anything else reads or buffers it; within it, it goes on
 * as a body of known length that can be sent again by a retry.
 *
 * <p>Its filter runs before every route filter, wherever it is listed: a route's {@code CacheRequestBody}
 * would otherwise buffer the whole body first, and a route's circuit breaker would turn the refusal into
 * its 503 fallback.
 */
@Component
class ChunkedBodyLimitGatewayFilterFactory
        extends AbstractGatewayFilterFactory<ChunkedBodyLimitGatewayFilterFactory.Config> {

    /** Before the route filters (ordered from 1 by their place in the list), after the gateway's own. */
    static final int ORDER = 0;

    ChunkedBodyLimitGatewayFilterFactory() {
        super(Config.class);
    }

    @Override
    public GatewayFilter apply(Config config) {
        int maxBytes = (int) Math.min(Integer.MAX_VALUE, config.getMaxSize().toBytes());
        return new OrderedGatewayFilter(
                (exchange, chain) -> {
                    HttpHeaders headers = exchange.getRequest().getHeaders();
                    if (headers.getContentLength() >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
                        return chain.filter(exchange);
                    }
                    return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes)
                            .map(ChunkedBodyLimitGatewayFilterFactory::bytes)
                            .defaultIfEmpty(new byte[0])
                            .flatMap(body -> chain.filter(exchange.mutate()
                                    .request(withBody(exchange, body))
                                    .build()))
                            .onErrorResume(DataBufferLimitException.class, tooLarge -> refuse(exchange, config));
                },
                ORDER);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static ServerHttpRequest withBody(ServerWebExchange exchange, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(exchange.getRequest().getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.length);
        return new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                // A fresh buffer per subscriber: a retry sends the body again.
                return Flux.defer(
                        () -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, Config config) {
        exchange.getResponse().setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
        // The same header as RequestSize's refusal, which the gateway's problem rendering turns into the
        // problem's detail.
        exchange.getResponse()
                .getHeaders()
                .set(
                        "errorMessage",
                        "Request body is larger than the permissible limit of "
                                + config.getMaxSize().toKilobytes() + " KB");
        return exchange.getResponse().setComplete();
    }

    /** The filter's arguments. */
    public static class Config {
        private DataSize maxSize = DataSize.ofKilobytes(64);

        public DataSize getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(DataSize maxSize) {
            this.maxSize = maxSize;
        }
    }
}
