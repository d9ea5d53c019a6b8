package dev.ballast.proxy.l4;

import dev.ballast.proxy.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens the relay's TCP connections to targets: a socket channel on the client connection's event loop with the
 * relay's options (connect timeout, no reading until the relay starts, half-closure, write water marks), its
 * handlers added straight to its pipeline, registered and connected there. That is what a {@code Bootstrap} does,
 * without what it costs per connection: a bootstrap and its option maps, an address resolver lookup (targets are
 * IP addresses), an initializer added and removed, and the connect queued as a task.
 *
 * <p>Thread-safe (immutable); {@link #connect} is called on the event loop it connects from.
 */
final class TcpTargetConnector {
    private final ChannelFactory<? extends SocketChannel> channels;
    private final int connectTimeoutMillis;

    TcpTargetConnector(Transport transport, Duration connectTimeout) {
        this.channels = new ReflectiveChannelFactory<>(transport.socketChannel());
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
    }

    /** Connects to {@code target} from {@code loop} through a new channel whose pipeline is {@code handlers}. */
    ChannelFuture connect(EventLoop loop, InetSocketAddress target, ChannelHandler... handlers) {
        SocketChannel channel = channels.newChannel();
        SocketChannelConfig config = channel.config();
        config.setConnectTimeoutMillis(connectTimeoutMillis);
        config.setAutoRead(false); // the relay starts reading once both sides are connected
        config.setAllowHalfClosure(true);
        config.setWriteBufferWaterMark(L4Listeners.WATER_MARK);
        ChannelPipeline pipeline = channel.pipeline();
        for (ChannelHandler handler : handlers) {
            pipeline.addLast(handler);
        }
        ChannelPromise connected = channel.newPromise();
        connected.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        ChannelFuture registered = loop.register(channel);
        if (registered.isDone()) {
            connectOnceRegistered(registered, target, connected); // on the loop: registered already
        } else {
            registered.addListener(f -> connectOnceRegistered(registered, target, connected));
        }
        return connected;
    }

    private static void connectOnceRegistered(ChannelFuture registered, InetSocketAddress target,
                                              ChannelPromise connected) {
        if (registered.isSuccess()) {
            registered.channel().connect(target, connected);
        } else {
            registered.channel().unsafe().closeForcibly();
            connected.setFailure(registered.cause());
        }
    }
}
