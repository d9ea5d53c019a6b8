package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ListeningSocketsTest {
    private final List<EventLoopGroup> groups = new ArrayList<>();
    private final List<Channel> bound = new ArrayList<>();
    /** The loop each accepted connection runs on. */
    private final Map<Channel, EventLoop> acceptedOn = new ConcurrentHashMap<>();
    /** Accepted connections that run on another loop than the socket that accepted them. */
    private final AtomicInteger handedOver = new AtomicInteger();

    @AfterEach
    void close() {
        ListeningSockets.close(bound);
        groups.forEach(g -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
    }

    private EventLoopGroup group(Transport transport, int loops) {
        EventLoopGroup group = transport.newGroup(loops, "listening-test");
        groups.add(group);
        return group;
    }

    private ServerBootstrap bootstrap(Transport transport) {
        return new ServerBootstrap().channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        acceptedOn.put(ch, ch.eventLoop());
                        if (ch.parent().eventLoop() != ch.eventLoop()) {
                            handedOver.incrementAndGet();
                        }
                    }
                });
    }

    private List<Channel> bind(Transport transport, EventLoopGroup group, int loops, int port) {
        List<Channel> channels = ListeningSockets.bind(bootstrap(transport), group, transport, loops,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                cause -> new IllegalStateException("bind failed", cause));
        bound.addAll(channels);
        return channels;
    }

    @Test
    void epollWithTwoLoopsBindsOneReusePortSocketPerLoopOnOnePortAndKeepsConnectionsOnTheAcceptingLoop()
            throws Exception {
        Transport epoll = Transport.best();
        EventLoopGroup group = group(epoll, 2);
        List<Channel> channels = bind(epoll, group, 2, 0);

        assertThat(channels).hasSize(2);
        assertThat(channels).extracting(c -> ((InetSocketAddress) c.localAddress()).getPort())
                .containsOnly(ListeningSockets.localAddress(channels).getPort());
        assertThat(Set.of(channels.get(0).eventLoop(), channels.get(1).eventLoop())).hasSize(2);

        // Connections from many source ports: the kernel spreads them over both sockets by flow hash.
        for (int i = 0; i < 64; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ListeningSockets.localAddress(channels)
                    .getPort())) {
                s.getOutputStream().flush();
            }
        }
        Await.until("64 connections accepted", Duration.ofSeconds(10), () -> acceptedOn.size() >= 64);
        assertThat(handedOver.get()).isZero();
        assertThat(Set.copyOf(acceptedOn.values())).hasSize(2);
    }

    @Test
    void oneLoopOrNioBindsOneSocket() {
        Transport epoll = Transport.best();
        assertThat(bind(epoll, group(epoll, 1), 1, 0)).hasSize(1);
        Transport nio = Transport.nio();
        assertThat(bind(nio, group(nio, 2), 2, 0)).hasSize(1);
        assertThat(ListeningSockets.perEventLoop(nio, 2)).isFalse();
    }

    @Test
    void aPortHeldWithoutReusePortIsRefusedAndNothingStaysBound() throws IOException {
        Transport epoll = Transport.best();
        EventLoopGroup group = group(epoll, 2);
        try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> bind(epoll, group, 2, holder.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class).hasMessage("bind failed");
        }
        assertThat(bound).isEmpty();
    }
}
