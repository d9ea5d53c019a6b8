package dev.ballast.proxy.l4;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A UDP echo target on 127.0.0.1: answers each datagram with {@code <name>:<payload>} to its sender, and records
 * the senders it saw (the load balancer's per-flow sockets). With {@code proxyProtocol} each datagram starts with a
 * PROXY protocol v2 header, which it parses and records.
 *
 * <p>Thread-safe: one receiving thread; the recorded sets are concurrent.
 */
final class UdpTestTarget implements AutoCloseable {
    final String name;
    final Set<SocketAddress> senders = ConcurrentHashMap.newKeySet();
    final List<ProxyHeader> headers = new CopyOnWriteArrayList<>();
    private final boolean proxyProtocol;
    private final DatagramSocket socket;
    private final Thread thread;

    UdpTestTarget(String name, boolean proxyProtocol) throws IOException {
        this(name, proxyProtocol, 0);
    }

    UdpTestTarget(String name, boolean proxyProtocol, int port) throws IOException {
        this.name = name;
        this.proxyProtocol = proxyProtocol;
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
        this.thread = new Thread(this::serve, "udp-target-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                senders.add(in.getSocketAddress());
                ByteBuffer data = ByteBuffer.wrap(in.getData(), in.getOffset(), in.getLength());
                if (proxyProtocol) {
                    headers.add(ProxyHeader.read(data));
                }
                String payload = StandardCharsets.UTF_8.decode(data).toString();
                byte[] answer = (name + ":" + payload).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
