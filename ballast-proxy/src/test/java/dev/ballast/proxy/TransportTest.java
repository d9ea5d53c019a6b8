package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import io.netty.channel.uring.IoUring;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TransportTest {

    @Test
    void epollIsTheTransportOnLinux() {
        assertThat(Transport.best().name()).isEqualTo("epoll");
    }

    @Test
    void ioUringAskedForWhereItIsUnavailableFallsBackToEpollThenNio() {
        assertThat(Transport.choose("io_uring", true, true).name()).isEqualTo("io_uring");
        assertThat(Transport.choose("io_uring", false, true).name()).isEqualTo("epoll");
        assertThat(Transport.choose("io_uring", false, false).name()).isEqualTo("nio");
        assertThat(Transport.choose("epoll", true, false).name()).isEqualTo("nio");
        assertThat(Transport.choose("nio", true, true).name()).isEqualTo("nio");
    }

    @Test
    void anUnknownTransportIsRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> Transport.choose("kqueue", true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ballast.transport: kqueue (expected: epoll, io_uring or nio)");
    }

    /** This machine's kernel allows io_uring: the transport must really carry bytes, or evaluating it means nothing. */
    @Test
    void ioUringCarriesBytesBothWays() throws Exception {
        assertThat(IoUring.isAvailable()).as("io_uring here: %s", IoUring.unavailabilityCause()).isTrue();
        Transport transport = Transport.ioUring();
        EventLoopGroup group = transport.newGroup(1, "uring-test");
        try {
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(msg); // echo
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readNBytes(4), StandardCharsets.US_ASCII))
                        .isEqualTo("ping");
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** The bootstraps rely on it: they no longer set the option themselves (one system call per socket less). */
    @Test
    void acceptedAndConnectedSocketsHaveTcpNoDelayWithoutAskingForIt() throws Exception {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(1, "transport-test");
        try {
            CompletableFuture<Channel> accepted = new CompletableFuture<>();
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            accepted.complete(ch);
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            Channel client = new Bootstrap().group(group).channel(transport.socketChannel())
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(server.localAddress()).sync().channel();
            Channel child = accepted.get(10, TimeUnit.SECONDS);
            assertThat(child.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            assertThat(client.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
