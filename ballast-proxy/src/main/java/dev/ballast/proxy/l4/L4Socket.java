package dev.ballast.proxy.l4;

import io.netty.channel.Channel;
import dev.ballast.proxy.ListeningSockets;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One bound socket of a network listener (a TCP listening socket or a UDP socket) and the configuration its new
 * flows read, swapped atomically on every snapshot. A TCP_UDP listener has two.
 *
 * <p>Thread-safe: the channels are set once; the configuration is read by event loops and replaced by the writer.
 */
final class L4Socket {
    /** The two kinds of socket, the first part of a socket's key. */
    enum Kind { TCP, UDP }

    private final String key;
    private final Kind kind;
    private final AtomicReference<L4ListenerConfig> current;
    private volatile List<Channel> channels = List.of();

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

    /** The bound sockets: one UDP socket, or one TCP listening socket per event loop. */
    void channels(List<Channel> bound) {
        this.channels = List.copyOf(bound);
    }

    /** The bound address, or null once closed. */
    InetSocketAddress localAddress() {
        return ListeningSockets.localAddress(channels);
    }

    /** Stops accepting (TCP) or receiving (UDP); accepted TCP connections stay open. */
    void unbind() {
        ListeningSockets.close(channels);
    }
}
