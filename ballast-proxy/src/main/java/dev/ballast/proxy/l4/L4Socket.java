package dev.ballast.proxy.l4;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One bound socket of a network listener (a TCP listening socket or a UDP socket) and the configuration its new
 * flows read, swapped atomically on every snapshot. A TCP_UDP listener has two.
 *
 * <p>Thread-safe: the channel is set once; the configuration is read by event loops and replaced by the writer.
 */
final class L4Socket {
    /** The two kinds of socket, the first part of a socket's key. */
    enum Kind { TCP, UDP }

    private final String key;
    private final Kind kind;
    private final AtomicReference<L4ListenerConfig> current;
    private volatile Channel channel;

    L4Socket(String key, Kind kind, L4ListenerConfig initial) {
        this.key = key;
        this.kind = kind;
        this.current = new AtomicReference<>(initial);
    }

    /** {@code tcp/address:port} or {@code udp/address:port}. */
    static String key(Kind kind, String address, int port) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + address + ":" + port;
    }

    String key() {
        return key;
    }

    Kind kind() {
        return kind;
    }

    /** The configuration a new flow uses. */
    L4ListenerConfig current() {
        return current.get();
    }

    void publish(L4ListenerConfig config) {
        current.set(config);
    }

    void channel(Channel bound) {
        this.channel = bound;
    }

    /** The bound address, or null once closed. */
    InetSocketAddress localAddress() {
        Channel c = channel;
        return c == null || !c.isOpen() ? null : (InetSocketAddress) c.localAddress();
    }

    /** Stops accepting (TCP) or receiving (UDP); accepted TCP connections stay open. */
    void unbind() {
        Channel c = channel;
        if (c != null) {
            c.close().syncUninterruptibly();
        }
    }
}
