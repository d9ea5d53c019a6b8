package dev.ballast.proxy;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One bound listener socket and the configuration its connections read, swapped atomically on every snapshot.
 *
 * <p>Thread-safe: the server channel is set once; {@link #current} is read by event loops and replaced by the
 * single writer.
 */
final class ListenerBinding {
    private final String bindKey;
    private final AtomicReference<HttpListenerConfig> current;
    private volatile Channel serverChannel;

    ListenerBinding(String bindKey, HttpListenerConfig initial) {
        this.bindKey = bindKey;
        this.current = new AtomicReference<>(initial);
    }

    /** {@code address:port}, the identity of the socket. */
    String bindKey() {
        return bindKey;
    }

    /** The configuration a new request on this listener uses; read once per request. */
    HttpListenerConfig current() {
        return current.get();
    }

    /** Publishes {@code config} for the next requests. */
    void publish(HttpListenerConfig config) {
        current.set(config);
    }

    void serverChannel(Channel channel) {
        this.serverChannel = channel;
    }

    /** The bound local address, or null once closed. */
    InetSocketAddress localAddress() {
        Channel channel = serverChannel;
        return channel == null || !channel.isOpen() ? null : (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting; connections already accepted stay open. */
    void unbind() {
        Channel channel = serverChannel;
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }
}
