package io.orderly.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between the services and the test's PostgreSQL, which the test switches
 * between three modes: {@link #forward()}, {@link #unreachable()} (every open connection is reset and
 * every new one is reset at once, as when the database host is gone) and {@link #blackhole()} (nothing
 * passes and nothing is answered, as behind a network partition: reads hang until a timeout gives
 * up). Hand-written because no Toxiproxy is available on these machines (STACK-NOTES).
 */
final class TcpProxy implements AutoCloseable {

    enum Mode {
        FORWARD,
        UNREACHABLE,
        BLACKHOLE
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tcp-proxy-", 0).factory());
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile Mode mode = Mode.FORWARD;

    private TcpProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::acceptLoop);
    }

    /** A proxy in FORWARD mode to 127.0.0.1:{@code upstreamPort}. */
    static TcpProxy to(int upstreamPort) {
        return new TcpProxy(upstreamPort);
    }

    int port() {
        return server.getLocalPort();
    }

    Mode mode() {
        return mode;
    }

    /** Connections reset because they arrived while the database was unreachable. */
    int refusedConnections() {
        return refused.get();
    }

    /** Passes traffic again; connections held in a blackhole lost bytes, so they are reset now. */
    synchronized void forward() {
        mode = Mode.FORWARD;
        links.stream().filter(Link::held).forEach(Link::reset);
    }

    /** Resets every open connection, and every new one as soon as it arrives. */
    synchronized void unreachable() {
        mode = Mode.UNREACHABLE;
        links.forEach(Link::reset);
    }

    /** Lets nothing through in either direction and answers nothing, on open and new connections. */
    synchronized void blackhole() {
        mode = Mode.BLACKHOLE;
        links.forEach(Link::hold);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            threads.execute(() -> open(client));
        }
    }

    private void open(Socket client) {
        Mode now = mode;
        if (now == Mode.UNREACHABLE) {
            refused.incrementAndGet();
            reset(client);
            return;
        }
        Link link;
        if (now == Mode.BLACKHOLE) {
            link = new Link(client, null);
            link.hold();
        } else {
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 1000);
            } catch (IOException e) {
                // The server itself is down (stopped or restarting): the client sees what it would see.
                reset(upstream);
                reset(client);
                return;
            }
            link = new Link(client, upstream);
        }
        links.add(link);
        if (mode == Mode.UNREACHABLE) {
            link.reset(); // switched while this connection was being opened
            return;
        }
        threads.execute(() -> link.pump(client, link.upstream));
        if (link.upstream != null) {
            threads.execute(() -> link.pump(link.upstream, client));
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        links.forEach(Link::reset);
        threads.shutdownNow();
    }

    /** Closes with a TCP RST rather than a FIN: the peer's next read or write fails at once. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
        } catch (IOException e) {
            // already gone
        }
    }

    /** One client connection and its upstream connection (none when it was opened in a blackhole). */
    private final class Link {

        final Socket client;
        final Socket upstream;
        private volatile boolean held;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        boolean held() {
            return held;
        }

        void hold() {
            held = true;
        }

        /** Copies bytes from one side to the other; while held, reads and drops them (nothing is answered). */
        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to == null ? null : to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!held && out != null) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // reset by the test or by the other side
            } finally {
                reset();
            }
        }

        void reset() {
            links.remove(this);
            TcpProxy.reset(client);
            if (upstream != null) {
                TcpProxy.reset(upstream);
            }
        }
    }
}
