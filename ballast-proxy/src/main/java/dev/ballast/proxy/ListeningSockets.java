package dev.ballast.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Binds a TCP listener's sockets: with epoll and more than one event loop, one listening socket per loop, all with
 * {@code SO_REUSEPORT} on the same address and port, each accepting on its own loop and keeping the connections it
 * accepts there; otherwise one socket for the whole group, whose connections are handed out over the loops.
 *
 * <p>Why one socket per loop: the kernel then spreads new connections over the loops itself (by flow hash), a
 * connection is set up and served on the thread that accepted it (no hand-over to another loop, no wake-up of it),
 * and no single loop's accept queue limits how fast connections arrive, as with HAProxy's and NGINX's
 * {@code reuseport}. Another process of the same user that binds the same port with {@code SO_REUSEPORT} would
 * share it; one without it is refused, as before.
 *
 * <p>Thread-safe (stateless); {@link #bind} blocks until the sockets are bound, so it is not for event loops.
 */
public final class ListeningSockets {
    private ListeningSockets() {
    }

    /** True when {@link #bind} binds one socket per loop of a group of {@code eventLoops} on {@code transport}. */
    public static boolean perEventLoop(Transport transport, int eventLoops) {
        return transport.isEpoll() && eventLoops > 1;
    }

    /**
     * Binds {@code address} with {@code bootstrap} (channel, options and handlers set; no group) on {@code group}'s
     * loops and returns the bound sockets, the first one first. Port 0 is resolved by the first socket; the others
     * bind the port it got. If one cannot be bound, those bound are closed and {@code failure}'s exception thrown.
     */
    public static List<Channel> bind(ServerBootstrap bootstrap, EventLoopGroup group, Transport transport,
                                     int eventLoops, InetSocketAddress address,
                                     Function<Throwable, RuntimeException> failure) {
        if (!perEventLoop(transport, eventLoops)) {
            ChannelFuture future = bootstrap.group(group).bind(address).awaitUninterruptibly();
            if (!future.isSuccess()) {
                throw failure.apply(future.cause());
            }
            return List.of(future.channel());
        }
        List<Channel> bound = new ArrayList<>();
        InetSocketAddress next = address;
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            ChannelFuture future = bootstrap.clone().group(loop, loop)
                    .option(EpollChannelOption.SO_REUSEPORT, true)
                    .bind(next).awaitUninterruptibly();
            if (!future.isSuccess()) {
                bound.forEach(channel -> channel.close().syncUninterruptibly());
                throw failure.apply(future.cause());
            }
            bound.add(future.channel());
            next = new InetSocketAddress(address.getAddress(),
                    ((InetSocketAddress) future.channel().localAddress()).getPort());
        }
        return List.copyOf(bound);
    }

    /** The address the first of {@code channels} is bound to, or null when there is none or it is closed. */
    public static InetSocketAddress localAddress(List<Channel> channels) {
        Channel first = channels.isEmpty() ? null : channels.get(0);
        return first == null || !first.isOpen() ? null : (InetSocketAddress) first.localAddress();
    }

    /** Closes {@code channels} and waits until they are closed; connections they accepted stay open. */
    public static void close(List<Channel> channels) {
        channels.forEach(channel -> channel.close().syncUninterruptibly());
    }
}
