package dev.ballast.server.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A built-in hello-world target, like the {@code tutum/hello-world} image: every path answers an HTML page
 * saying "Hello world!" with the task id and the hostname; {@value #HEALTH_PATH} answers 200 for health checks.
 *
 * <p>Thread-safe: requests are served by a small pool of daemon threads; {@link #close} may be called from any
 * thread.
 */
public final class HelloServer implements AutoCloseable {
    /** The health check path this target answers with 200 (scenario S2's path). */
    public static final String HEALTH_PATH = "/application-status/health";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String taskId;
    private final byte[] page;

    private HelloServer(HttpServer server, ExecutorService executor, String taskId, String hostname) {
        this.server = server;
        this.executor = executor;
        this.taskId = taskId;
        this.page = HelloPage.render(taskId, hostname).getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a target on {@code address} (port 0 picks a free port) that reports {@code taskId}. */
    public static HelloServer start(InetSocketAddress address, String taskId) throws IOException {
        HttpServer server = HttpServer.create(address, 128);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "hello-" + taskId + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HelloServer hello = new HelloServer(server, executor, taskId, Hostname.local());
        server.createContext("/", hello::handle);
        server.setExecutor(executor);
        server.start();
        return hello;
    }

    /** The address the target listens on (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The task id this target reports. */
    public String taskId() {
        return taskId;
    }

    /** Stops listening, closes open connections and stops the threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream()); // drain so the connection can be kept alive
            boolean health = exchange.getRequestURI().getPath().equals(HEALTH_PATH);
            byte[] answer = health ? "OK\n".getBytes(StandardCharsets.US_ASCII) : page;
            exchange.getResponseHeaders().set("Content-Type",
                    health ? "text/plain; charset=utf-8" : "text/html; charset=utf-8");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", String.valueOf(answer.length));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }
}
