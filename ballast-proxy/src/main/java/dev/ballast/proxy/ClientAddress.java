package dev.ballast.proxy;

import java.net.InetSocketAddress;

/**
 * The client end of one connection, with the {@code X-Forwarded-For} forms of its address worked out once per
 * connection rather than once per request.
 *
 * <p>Not thread-safe: one per client connection, used on its event loop.
 */
final class ClientAddress {
    private final InetSocketAddress socket;
    private String ip;
    private String ipAndPort;

    ClientAddress(InetSocketAddress socket) {
        this.socket = socket;
    }

    /** The TCP peer. */
    InetSocketAddress socket() {
        return socket;
    }

    /** The address as {@code X-Forwarded-For} lists it: the IP, or with {@code withPort} {@code ip:port}/{@code [v6]:port}. */
    String forwardedFor(boolean withPort) {
        if (ip == null) {
            ip = socket.getAddress().getHostAddress();
        }
        if (!withPort) {
            return ip;
        }
        if (ipAndPort == null) {
            ipAndPort = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + socket.getPort();
        }
        return ipAndPort;
    }
}
