package dev.ballast.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ballast's authoritative DNS server: UDP and TCP on one address and port, answering from the zones' current
 * {@link ZoneTable}. With
 * native epoll, each event loop has its own UDP socket on the port ({@code SO_REUSEPORT}), so queries spread over
 * the loops; with NIO one socket serves.
 *
 * <p>Thread-safe: start once, close once; queries are answered on the server's own event loops.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    /** The DNS server's default address. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    /** The DNS server's default port (53 needs privileges). */
    public static final int DEFAULT_PORT = 1053;
    /** A TCP connection without a query for this long is closed. */
    static final int TCP_IDLE_SECONDS = 10;
    /** How long a forwarded query waits for one upstream resolver before the next is asked. */
    public static final java.time.Duration FORWARD_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final InetSocketAddress address;
    private final DnsCounters counters;
    private final DnsForwarder forwarder;

    private DnsServer(EventLoopGroup group, List<Channel> channels, InetSocketAddress address,
                      DnsCounters counters, DnsForwarder forwarder) {
        this.group = group;
        this.channels = channels;
        this.address = address;
        this.counters = counters;
        this.forwarder = forwarder;
    }

    /**
     * Binds UDP and TCP on {@code address} (port 0 picks one free for both) and answers each query from the table
     * {@code zones} returns at that time ({@link DnsZones#current}).
     *
     * @param eventLoops the event loops (at least 1)
     * @throws BindException when the port is taken (for UDP or TCP); nothing stays bound
     */
    public static DnsServer start(InetSocketAddress address, Supplier<ZoneTable> zones, int eventLoops)
            throws BindException {
        return start(address, zones, eventLoops, List.of());
    }

    /**
     * As {@link #start(InetSocketAddress, Supplier, int)}, forwarding questions for names outside the zones to
     * {@code upstreams} (tried in order, {@link #FORWARD_TIMEOUT} each) instead of refusing them; no forwarding when
     * {@code upstreams} is empty.
     */
    public static DnsServer start(InetSocketAddress address, Supplier<ZoneTable> zones, int eventLoops,
                                  List<InetSocketAddress> upstreams) throws BindException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Math.max(1, eventLoops),
                new DefaultThreadFactory("ballast-dns", true), io);
        DnsCounters counters = new DnsCounters();
        DnsQueryResponder responder = new DnsQueryResponder(zones, !upstreams.isEmpty());
        List<Channel> channels = new ArrayList<>();
        DnsForwarder forwarder = null;
        try {
            if (!upstreams.isEmpty()) {
                forwarder = DnsForwarder.start(upstreams, FORWARD_TIMEOUT, group,
                        epoll ? EpollDatagramChannel.class : NioDatagramChannel.class);
            }
            Channel tcp = bind(tcp(group, epoll, responder, counters, forwarder), address);
            channels.add(tcp);
            InetSocketAddress bound = (InetSocketAddress) tcp.localAddress();
            UdpQueryHandler udpHandler = new UdpQueryHandler(responder, counters, forwarder);
            int udpSockets = epoll ? Math.max(1, eventLoops) : 1;
            for (int i = 0; i < udpSockets; i++) {
                channels.add(bind(udp(group, epoll, udpHandler), bound));
            }
            LOG.info("DNS on {} (UDP and TCP){}", bound, upstreams.isEmpty() ? "" : ", forwarding to " + upstreams);
            return new DnsServer(group, List.copyOf(channels), bound, counters, forwarder);
        } catch (BindException | RuntimeException e) {
            channels.forEach(Channel::close);
            if (forwarder != null) {
                forwarder.close();
            }
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static ServerBootstrap tcp(EventLoopGroup group, boolean epoll, DnsQueryResponder responder,
                                       DnsCounters counters, DnsForwarder forwarder) {
        Class<? extends ServerSocketChannel> type = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        return new ServerBootstrap().group(group).channel(type)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(0, 0, TCP_IDLE_SECONDS, TimeUnit.SECONDS),
                                // Two-byte length prefix (RFC 1035 4.2.2), stripped; 65535 is the largest it says.
                                new LengthFieldBasedFrameDecoder(DnsQueryResponder.MAX_TCP_MESSAGE, 0, 2, 0, 2),
                                new TcpQueryHandler(responder, counters, forwarder));
                    }
                });
    }

    private static Bootstrap udp(EventLoopGroup group, boolean epoll, UdpQueryHandler handler) {
        Class<? extends DatagramChannel> type = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        Bootstrap bootstrap = new Bootstrap().group(group).channel(type).handler(handler);
        if (epoll) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        return bootstrap;
    }

    private static Channel bind(Object bootstrap, InetSocketAddress address) throws BindException {
        ChannelFuture future = bootstrap instanceof ServerBootstrap server ? server.bind(address)
                : ((Bootstrap) bootstrap).bind(address);
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            BindException failure = new BindException(cause.getMessage());
            failure.initCause(cause);
            throw failure;
        }
        return future.channel();
    }

    /** The bound address (the same port for UDP and TCP). */
    public InetSocketAddress address() {
        return address;
    }

    /** Queries answered, dropped and failed so far. */
    public DnsCounters counters() {
        return counters;
    }

    /** Unbinds both sockets and stops the event loops. */
    @Override
    public void close() {
        channels.forEach(c -> c.close().awaitUninterruptibly());
        if (forwarder != null) {
            forwarder.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
