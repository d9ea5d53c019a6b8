package dev.ballast.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP target on 127.0.0.1 (JDK HTTP server): {@code /} echoes the request headers, {@code /upload}
 * counts the request body, {@code /download?bytes=N} streams N bytes, {@code /stream} sends a chunk each time
 * {@link #releaseChunk} is called until {@link #finishStream}. Remembers the client ports it saw.
 */
final class EchoTarget implements AutoCloseable {
    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.LinkedBlockingQueue<String> streamChunks =
            new java.util.concurrent.LinkedBlockingQueue<>();
    final CountDownLatch streamStarted = new CountDownLatch(1);
    /** Bytes of {@code /download} bodies written so far (a write blocks while the proxy holds the target back). */
    final java.util.concurrent.atomic.AtomicLong downloadWritten = new java.util.concurrent.atomic.AtomicLong();

    EchoTarget(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(executor);
        server.createContext("/", this::echo);
        server.createContext("/upload", this::upload);
        server.createContext("/download", this::download);
        server.createContext("/stream", this::stream);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    Set<Integer> clientPorts() {
        return clientPorts;
    }

    void releaseChunk(String text) {
        streamChunks.add(text);
    }

    void finishStream() {
        streamChunks.add("");
    }

    private void echo(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        exchange.getRequestBody().readAllBytes();
        StringBuilder body = new StringBuilder("target=" + name + "\n");
        body.append("uri=").append(exchange.getRequestURI()).append('\n');
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                body.append(header.getKey().toLowerCase()).append(": ").append(value).append('\n');
            }
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-Target", name);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void upload(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
            }
        }
        byte[] bytes = ("bytes=" + total).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void download(HttpExchange exchange) throws IOException {
        long size = Long.parseLong(exchange.getRequestURI().getQuery().replace("bytes=", ""));
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, size);
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) ('a' + i % 26);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(left, block.length);
                out.write(block, 0, n);
                downloadWritten.addAndGet(n);
                left -= n;
            }
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, 0); // chunked
        streamStarted.countDown();
        try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
                String chunk = streamChunks.poll(20, TimeUnit.SECONDS);
                if (chunk == null || chunk.isEmpty()) {
                    return;
                }
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
