package dev.ballast.proxy;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One listener's bound sockets (one per event loop, {@link ListeningSockets}) and the configuration its connections read, swapped atomically on every snapshot.
 *
 * <p>Thread-safe: the server channels are set once; {@link #current} is read by event loops and replaced by the
 * single writer.
 */
final class ListenerBinding {
    private final String bindKey;
    private final AtomicReference<HttpListenerConfig> current;
    private volatile List<Channel> serverChannels = List.of();

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

    void serverChannels(List<Channel> channels) {
        this.serverChannels = List.copyOf(channels);
    }

    /** The bound local address, or null once closed. */
    InetSocketAddress localAddress() {
        return ListeningSockets.localAddress(serverChannels);
    }

    /** Stops accepting; connections already accepted stay open. */
    void unbind() {
        ListeningSockets.close(serverChannels);
    }
}
