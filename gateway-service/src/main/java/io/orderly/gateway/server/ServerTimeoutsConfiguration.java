package io.orderly.gateway.server;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reactor Netty's read and request timeouts on the gateway's server, which Boot has no property for:
 * a client that trickles its request body cannot hold a connection (and the memory of a half-read
 * body) for ever.
 */
@Configuration(proxyBeanMethods = false)
class ServerTimeoutsConfiguration {

    @Bean
    NettyServerCustomizer requestReadTimeouts(ServerTimeoutsProperties timeouts) {
        return server -> server.readTimeout(timeouts.readTimeout()).requestTimeout(timeouts.requestTimeout());
    }
}
