package dev.ballast.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket target on 127.0.0.1 that records every byte each connection brings and answers each request that
 * {@link StrictHttpParser} sees complete with a fixed {@code 200 ok} and {@code Connection: close}, so every
 * forwarded request arrives on its own connection and nothing the proxy sends is lost or reinterpreted.
 *
 * <p>Thread-safe: one accept thread and one thread per connection; captures are kept in concurrent lists.
 */
final class CapturingTarget implements AutoCloseable {
    private static final byte[] RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<Capture> captures = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    /** The bytes one connection brought, final once {@link #closed} is true. */
    static final class Capture {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile boolean closed;

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        synchronized void add(byte[] buffer, int length) {
            bytes.write(buffer, 0, length);
        }
    }

    CapturingTarget() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "capturing-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Forgets what was captured (after the connections of the previous vector are gone). */
    void clear() {
        captures.clear();
    }

    /** Waits until every connection opened so far has ended, then returns their captures in order. */
    List<byte[]> awaitCaptures(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(open.get() + " target connection(s) still open after " + timeout);
            }
            Thread.sleep(5); // polling a condition with a deadline
        }
        List<byte[]> result = new ArrayList<>();
        for (Capture capture : captures) {
            result.add(capture.bytes());
        }
        return result;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Capture capture = new Capture();
                captures.add(capture);
                open.incrementAndGet();
                Thread worker = new Thread(() -> serve(socket, capture), "capturing-target-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, Capture capture) {
        try (socket) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            boolean answered = false;
            while ((n = in.read(buffer)) != -1) {
                capture.add(buffer, n);
                if (!answered && !StrictHttpParser.parse(capture.bytes()).requests().isEmpty()) {
                    answered = true;
                    out.write(RESPONSE);
                    out.flush();
                    // read on until the proxy closes: anything more it sends is captured too
                }
            }
        } catch (IOException e) {
            // reset by the proxy: what arrived is captured
        } finally {
            capture.closed = true;
            open.decrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
