package dev.ballast.proxy;

import dev.ballast.proxy.tls.BackendTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out connections to targets: an idle pooled one of the caller's event loop, or a new one made on that loop.
 * It also carries out draining: connections to a deregistered target are not reused, and when the deregistration
 * delay ends the connections still serving that target group's requests are closed.
 *
 * <p>Thread-safe: each event loop only touches its own pool; the draining and open-connection sets are concurrent.
 */
final class BackendConnector {
    private final Transport transport;
    private final ProxyOptions options;
    private final ProxyCounters counters;
    private final Map<EventLoop, BackendConnectionPool> pools;
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
        ChannelFuture future = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyServer.WATER_MARK)
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
        open.computeIfAbsent(targetKey, k -> ConcurrentHashMap.newKeySet()).add(channel);
        channel.closeFuture().addListener(f -> {
            pool.remove(targetKey, channel);
            open.computeIfPresent(targetKey, (k, set) -> set.remove(channel) && set.isEmpty() ? null : set);
        });
        return future;
    }

    /** Returns {@code channel} to its loop's pool, or closes it when it cannot be kept. */
    void release(Channel channel, String targetKey) {
        if (draining.contains(targetKey) || !pools.get(channel.eventLoop()).release(targetKey, channel)) {
            channel.close();
        }
    }

    /** {@code targetKey} was deregistered: its idle connections close, busy ones close when their exchange ends. */
    void startDraining(String targetKey) {
        draining.add(targetKey);
        pools.forEach((loop, pool) -> loop.execute(() -> pool.closeIdle(targetKey)));
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
