package dev.ballast.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport in use: native epoll when the platform offers it (or io_uring when asked for), NIO otherwise.
 *
 * <p>Sockets of both get {@code TCP_NODELAY} from Netty when they are created (accepted or connecting), so
 * bootstraps do not set it again: every option set per connection is a system call per connection.
 *
 * <p>Thread-safe (immutable).
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory,
                        Class<? extends ServerSocketChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel,
                        Class<? extends DatagramChannel> datagramChannel) {

    /** The system property that chooses the transport: {@code epoll} (the default), {@code io_uring} or {@code nio}. */
    public static final String PROPERTY = "ballast.transport";

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    /**
     * The transport {@link #PROPERTY} asks for, falling back to epoll and then NIO when it is unavailable here
     * (io_uring needs Linux 5.14+ and may be disabled by {@code kernel.io_uring_disabled} or a seccomp profile).
     */
    public static Transport best() {
        return choose(System.getProperty(PROPERTY, "epoll"), IoUring.isAvailable(), Epoll.isAvailable());
    }

    /** The transport named {@code wanted}, or the best available one when it is not; {@code wanted} is checked. */
    static Transport choose(String wanted, boolean ioUringAvailable, boolean epollAvailable) {
        if (!wanted.equals("epoll") && !wanted.equals("io_uring") && !wanted.equals("nio")) {
            throw new IllegalArgumentException(PROPERTY + ": " + wanted + " (expected: epoll, io_uring or nio)");
        }
        if (wanted.equals("nio")) {
            return nio();
        }
        if (wanted.equals("io_uring")) {
            if (ioUringAvailable) {
                return ioUring();
            }
            LOG.warn("io_uring is not available here ({}); using {}", IoUring.unavailabilityCause(),
                    epollAvailable ? "epoll" : "nio");
        }
        return epollAvailable ? epoll() : nio();
    }

    /** Native epoll, with Ballast's leaner, safer registration ({@link LeanEpollIoHandler}). */
    static Transport epoll() {
        return new Transport("epoll", LeanEpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class, EpollDatagramChannel.class);
    }

    /** Netty's io_uring transport. */
    static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class, IoUringDatagramChannel.class);
    }

    /** The NIO transport, available everywhere. */
    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class,
                NioDatagramChannel.class);
    }

    /** True for the native epoll transport. */
    public boolean isEpoll() {
        return name.equals("epoll");
    }

    /** A new event loop group of {@code threads} loops on this transport. */
    public EventLoopGroup newGroup(int threads) {
        return newGroup(threads, "ballast-proxy");
    }

    /** A new event loop group of {@code threads} loops on this transport, its threads named {@code prefix-*}. */
    public EventLoopGroup newGroup(int threads, String prefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix, true), ioHandlerFactory);
    }
}
