package dev.ballast.proxy;

import dev.ballast.proxy.tls.BackendTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Hands out connections to targets: an idle pooled one of the caller's event loop, or a new one made on that loop.
 * HTTP2 and GRPC target groups get a stream on a shared HTTP/2 connection instead ({@link Http2TargetConnection}).
 * It also carries out draining: connections to a deregistered target are not reused, and when the deregistration
 * delay ends the connections still serving that target group's requests are closed.
 *
 * <p>Thread-safe: each event loop only touches its own pools; the draining and open-connection sets are concurrent.
 */
final class BackendConnector {
    private final Transport transport;
    private final ProxyOptions options;
    private final ProxyCounters counters;
    private final Map<EventLoop, BackendConnectionPool> pools;
    private final Map<EventLoop, Http2ConnectionPool> http2Pools = new IdentityHashMap<>();
    /** The target group whose request a connection is serving (set when an exchange takes the connection). */
    static final AttributeKey<String> TARGET_GROUP = AttributeKey.valueOf("ballast.targetGroup");
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Channel>> open = new ConcurrentHashMap<>();

    BackendConnector(Transport transport, ProxyOptions options, ProxyCounters counters,
                     Map<EventLoop, BackendConnectionPool> pools) {
        this.transport = transport;
        this.options = options;
        this.counters = counters;
        this.pools = pools;
        pools.keySet().forEach(loop -> http2Pools.put(loop, new Http2ConnectionPool()));
    }

    /** An idle connection to {@code targetKey} on {@code loop}, or null. */
    Channel pooled(EventLoop loop, String targetKey) {
        Channel channel = pools.get(loop).acquire(targetKey);
        if (channel != null) {
            counters.increment("backend.connection.reused");
        }
        return channel;
    }

    /**
     * Starts a new connection to {@code address} on {@code loop}; its pipeline ends in an {@link HttpBackendHandler}.
     * With {@code tls} (an HTTPS target group) it speaks TLS to the target without verifying its certificate, as ALB
     * does. Pooled connections are found by target key alone: a target's port speaks either HTTP or HTTPS.
     */
    ChannelFuture connect(EventLoop loop, InetSocketAddress address, String targetKey, boolean tls) {
        counters.increment("backend.connection.opened");
        ChannelFuture future = bootstrap(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls) {
                            ch.pipeline().addLast(BackendTls.newHandler(ch.alloc()));
                        }
                        BackendHttpCodec codec = new BackendHttpCodec();
                        ch.pipeline().addLast(HttpBackendHandler.CODEC, codec);
                        ch.pipeline().addLast(HttpBackendHandler.NAME,
                                new HttpBackendHandler(counters, codec.reader()));
                    }
                })
                .connect(address);
        BackendConnectionPool pool = pools.get(loop);
        Channel channel = future.channel();
        track(targetKey, channel);
        channel.closeFuture().addListener(f -> pool.remove(targetKey, channel));
        return future;
    }

    /** A client bootstrap on {@code loop} with the connect timeout, no Nagle and the proxy's write water marks. */
    private Bootstrap bootstrap(EventLoop loop) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyServer.WATER_MARK);
    }

    /** Remembers {@code channel} as serving {@code targetKey} until it closes (to cut it when draining ends). */
    private void track(String targetKey, Channel channel) {
        open.computeIfAbsent(targetKey, k -> ConcurrentHashMap.newKeySet()).add(channel);
        channel.closeFuture().addListener(f ->
                open.computeIfPresent(targetKey, (k, set) -> set.remove(channel) && set.isEmpty() ? null : set));
    }

    /**
     * Opens an HTTP/2 stream to {@code address} on {@code loop}, on a pooled connection with room for it or a new
     * one (h2 by ALPN with {@code tls}, else h2c with prior knowledge). The stream's pipeline ends in an
     * {@link HttpBackendHandler}; the future fails when the connection cannot be made or does not speak h2.
     */
    Future<Channel> openStream(EventLoop loop, InetSocketAddress address, String targetKey, boolean tls) {
        Http2ConnectionPool pool = http2Pools.get(loop);
        Http2TargetConnection connection = draining.contains(targetKey) ? null : pool.usable(targetKey);
        if (connection == null) {
            connection = connectHttp2(loop, address, tls);
            Http2TargetConnection made = connection;
            pool.add(targetKey, made);
            made.channel().closeFuture().addListener(f -> pool.remove(targetKey, made));
        } else {
            counters.increment("backend.h2.connection.reused");
        }
        Promise<Channel> stream = loop.newPromise();
        stream.addListener(f -> {
            if (f.isSuccess()) {
                track(targetKey, stream.getNow());
            }
        });
        connection.openStream(stream);
        return stream;
    }

    private Http2TargetConnection connectHttp2(EventLoop loop, InetSocketAddress address, boolean tls) {
        counters.increment("backend.h2.connection.opened");
        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)
                        .maxHeaderListSize(BackendResponseReader.MAX_HEAD))
                .validateHeaders(true)
                .build();
        ChannelFuture connect = bootstrap(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls) {
                            ch.pipeline().addLast(BackendTls.newHttp2Handler(ch.alloc()));
                        }
                        ch.pipeline().addLast(codec);
                        // server push is disabled in our SETTINGS: a pushed stream is a protocol error, closed here
                        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel pushed) {
                                pushed.close();
                            }
                        }));
                        ch.pipeline().addLast(new Http2ConnectionErrors(counters, "backend.h2.connection_error"));
                    }
                })
                .connect(address);
        Channel channel = connect.channel();
        Promise<Void> ready = loop.newPromise();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
            } else if (!tls) {
                // connect listeners run before channelActive, where the codec writes its preface: streams open after
                loop.execute(() -> ready.trySuccess(null));
            } else {
                SslHandler ssl = channel.pipeline().get(SslHandler.class);
                ssl.handshakeFuture().addListener(h -> {
                    if (!h.isSuccess()) {
                        ready.tryFailure(h.cause());
                    } else if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
                        counters.increment("backend.h2.not_negotiated");
                        ready.tryFailure(new SSLException("the target did not choose h2 by ALPN"));
                        channel.close();
                    } else {
                        ready.trySuccess(null);
                    }
                });
            }
        });
        channel.closeFuture().addListener(f -> ready.tryFailure(new ClosedChannelException()));
        return new Http2TargetConnection(channel, codec, ready, counters);
    }

    /**
     * Returns {@code channel} to its loop's pool, or closes it when it cannot be kept. An HTTP/2 stream is closed:
     * its exchange ended, and its connection stays in the HTTP/2 pool.
     */
    void release(Channel channel, String targetKey) {
        if (channel instanceof Http2StreamChannel || draining.contains(targetKey)
                || !pools.get(channel.eventLoop()).release(targetKey, channel)) {
            channel.close();
        }
    }

    /** {@code targetKey} was deregistered: its idle connections close, busy ones close when their exchange ends. */
    void startDraining(String targetKey) {
        draining.add(targetKey);
        pools.forEach((loop, pool) -> loop.execute(() -> pool.closeIdle(targetKey)));
        http2Pools.forEach((loop, pool) -> loop.execute(() -> pool.retire(targetKey)));
    }

    /**
     * The deregistration delay of {@code targetKey} in {@code targetGroupArn} ended: connections still serving that
     * group's requests are cut, as AWS does when the delay ends.
     */
    void endDraining(String targetGroupArn, String targetKey) {
        draining.remove(targetKey);
        Set<Channel> channels = open.get(targetKey);
        if (channels == null) {
            return;
        }
        for (Channel channel : channels) {
            String group = channel.attr(TARGET_GROUP).get();
            if (group == null || group.equals(targetGroupArn)) {
                counters.increment("backend.cut_after_draining");
                channel.close();
            }
        }
    }
}
