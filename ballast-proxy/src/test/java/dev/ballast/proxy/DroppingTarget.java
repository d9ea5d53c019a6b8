package dev.ballast.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP/1.1 target on 127.0.0.1 (blocking sockets, one thread per connection) that answers keep-alive
 * requests with its name but closes the connection, without answering, on the requests a rule picks: the n-th
 * request of each connection, or every request. It records every request it read in full, body included, so tests
 * can tell how often a request reached it.
 *
 * <p>Thread-safe.
 */
final class DroppingTarget implements AutoCloseable {
    /** One request read in full: method, path, body, its position on its connection (1-based), and whether dropped. */
    record Received(String method, String path, String body, int onConnection, boolean dropped) {}

    private final String name;
    private final int dropNth;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** A target that drops the {@code dropNth} request of each connection (0: drops every request). */
    DroppingTarget(String name, int dropNth) throws IOException {
        this.name = name;
        this.dropNth = dropNth;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "dropping-target-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread serve = new Thread(() -> serve(socket), "dropping-target-conn");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int n = 1; ; n++) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                int contentLength = 0;
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Integer.parseInt(h.substring(15).trim());
                    }
                }
                String body = new String(in.readNBytes(contentLength), StandardCharsets.UTF_8);
                String[] parts = requestLine.split(" ");
                boolean drop = dropNth == 0 || n == dropNth;
                received.add(new Received(parts[0], parts[1], body, n, drop));
                if (drop) {
                    return; // closes without a byte of response, as a target that closed the connection or died
                }
                byte[] answer = name.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the proxy closed the connection
        } finally {
            sockets.remove(socket);
        }
    }

    /** One CRLF-terminated line without its end, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return null;
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
