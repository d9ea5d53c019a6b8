package dev.ballast.proxy.health;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client over one keep-alive connection that never retries by itself, so every failure the
 * load balancer lets through is seen. Reads Content-Length bodies only (what the test targets send).
 *
 * <p>Not thread-safe: one per client thread.
 */
public final class KeepAliveClient implements AutoCloseable {
    /** A response: status (or -1 when the exchange failed) and body. */
    public record Response(int status, String body) {}

    private final InetSocketAddress proxy;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public KeepAliveClient(InetSocketAddress proxy) {
        this.proxy = proxy;
    }

    /** GETs {@code path}; a broken connection gives status -1 and is reopened on the next call. */
    public Response get(String path) {
        try {
            if (socket == null) {
                socket = new Socket();
                socket.connect(proxy, 5000);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            out.write(("GET " + path + " HTTP/1.1\r\nHost: lb.test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            int contentLength = 0;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    contentLength = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            byte[] body = in.readNBytes(contentLength);
            if (close) {
                close();
            }
            return new Response(Integer.parseInt(status.split(" ")[1]), new String(body, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            close();
            return new Response(-1, String.valueOf(e));
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
