package dev.ballast.control.ecs.run.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Probes of local ports by binding or connecting real sockets: which port the kernel would give, whether a port is
 * free, whether a process listens.
 *
 * <p>Thread-safe: stateless.
 */
final class HostPorts {
    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    private HostPorts() {}

    /** A port the kernel hands out on {@code ip} for {@code protocol} ({@code tcp}/{@code udp}), free a moment ago. */
    static int dynamic(String ip, String protocol) {
        try {
            if (isUdp(protocol)) {
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address(ip), 0))) {
                    return socket.getLocalPort();
                }
            }
            try (ServerSocket socket = new ServerSocket(0, 1, address(ip))) {
                return socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no dynamic " + protocol + " port on " + ip, e);
        }
    }

    /** True when {@code ip:port} can be bound for {@code protocol} right now. */
    static boolean isFree(String ip, int port, String protocol) {
        try {
            if (isUdp(protocol)) {
                new DatagramSocket(new InetSocketAddress(address(ip), port)).close();
            } else {
                new ServerSocket(port, 1, address(ip)).close();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts TCP connections on {@code ip:port}. */
    static boolean accepts(String ip, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address(ip), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isUdp(String protocol) {
        return "udp".equalsIgnoreCase(protocol);
    }

    private static InetAddress address(String ip) throws IOException {
        return InetAddress.getByName(ip); // a literal: no lookup
    }
}
