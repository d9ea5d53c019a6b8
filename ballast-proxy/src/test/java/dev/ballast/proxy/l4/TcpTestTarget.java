package dev.ballast.proxy.l4;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP target on 127.0.0.1 with blocking sockets, one thread per connection. Modes: {@code ECHO} sends back what
 * it reads, prefixed once by {@code <name>\n}; {@code COLLECT_THEN_ANSWER} reads until the client half-closes,
 * then answers {@code <name>:<bytes read>} and closes; {@code COLLECT_THEN_FLOOD} reads until the half-close, then
 * sends {@link #FLOOD_BYTES} bytes (byte {@code i} is {@code i % 251}) and closes. With {@code proxyProtocol} it first reads and records a
 * PROXY protocol v2 header.
 *
 * <p>Thread-safe: the recorded headers and connections are concurrent lists.
 */
final class TcpTestTarget implements AutoCloseable {
    enum Mode { ECHO, COLLECT_THEN_ANSWER, COLLECT_THEN_FLOOD }

    /** What {@code COLLECT_THEN_FLOOD} sends after the client's half-close: more than any socket buffer holds. */
    static final int FLOOD_BYTES = 32 * 1024 * 1024;

    final String name;
    final List<ProxyHeader> headers = new CopyOnWriteArrayList<>();
    final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Mode mode;
    private final boolean proxyProtocol;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-target");
        t.setDaemon(true);
        return t;
    });

    TcpTestTarget(String name, Mode mode, boolean proxyProtocol) throws IOException {
        this.name = name;
        this.mode = mode;
        this.proxyProtocol = proxyProtocol;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (proxyProtocol) {
                ProxyHeader header = ProxyHeader.read(new DataInputStream(in));
                headers.add(header);
                if (header.local()) {
                    return; // a health check: nothing follows
                }
            }
            if (mode == Mode.ECHO) {
                out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                in.transferTo(out);
            } else if (mode == Mode.COLLECT_THEN_FLOOD) {
                in.transferTo(OutputStream.nullOutputStream());
                byte[] chunk = new byte[65536];
                for (int sent = 0; sent < FLOOD_BYTES; sent += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) ((sent + i) % 251);
                    }
                    out.write(chunk);
                }
            } else {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                out.write((name + ":" + all.size()).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Stops accepting new connections; those already open keep being served. */
    void stopAccepting() throws IOException {
        server.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
        threads.shutdownNow();
    }
}
