package dev.ballast.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Hands out connections to targets: an idle pooled one of the caller's event loop, or a new one made on that loop.
 *
 * <p>Thread-safe: each event loop only touches its own pool.
 */
final class BackendConnector {
    /** Response line and header limits towards targets (ALB's own header limits). */
    private static final HttpDecoderConfig RESPONSE_DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024)
            .setMaxHeaderSize(64 * 1024)
            .setMaxChunkSize(64 * 1024);

    private final Transport transport;
    private final ProxyOptions options;
    private final ProxyCounters counters;
    private final Map<EventLoop, BackendConnectionPool> pools;

    BackendConnector(Transport transport, ProxyOptions options, ProxyCounters counters,
                     Map<EventLoop, BackendConnectionPool> pools) {
        this.transport = transport;
        this.options = options;
        this.counters = counters;
        this.pools = pools;
    }

    /** An idle connection to {@code targetKey} on {@code loop}, or null. */
    Channel pooled(EventLoop loop, String targetKey) {
        Channel channel = pools.get(loop).acquire(targetKey);
        if (channel != null) {
            counters.increment("backend.connection.reused");
        }
        return channel;
    }

    /** Starts a new connection to {@code address} on {@code loop}; its pipeline ends in an {@link HttpBackendHandler}. */
    ChannelFuture connect(EventLoop loop, InetSocketAddress address, String targetKey) {
        counters.increment("backend.connection.opened");
        ChannelFuture future = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyServer.WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(HttpBackendHandler.CODEC, new HttpClientCodec(RESPONSE_DECODER, false, false));
                        ch.pipeline().addLast(HttpBackendHandler.NAME, new HttpBackendHandler(counters));
                    }
                })
                .connect(address);
        BackendConnectionPool pool = pools.get(loop);
        future.channel().closeFuture().addListener(f -> pool.remove(targetKey, future.channel()));
        return future;
    }

    /** Returns {@code channel} to its loop's pool, or closes it when it cannot be kept. */
    void release(Channel channel, String targetKey) {
        if (!pools.get(channel.eventLoop()).release(targetKey, channel)) {
            channel.close();
        }
    }
}
