package dev.ballast.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ballast.api.auth.SigV4Verifier;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.ErrorResponseWriter;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.query.QueryParams;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API's HTTP endpoint: AWS Query requests ({@code POST /} form bodies and {@code GET /?…}) go to the
 * {@link QueryDispatcher}, {@code GET /ping} answers {@code ok}. When a {@link SigV4Verifier} is given every Query
 * request must be signed. Runs on its own small thread pool, never on the proxy's event loops.
 *
 * <p>Thread-safe: requests are handled concurrently on the pool; start and close once.
 */
public final class ApiHttpServer implements AutoCloseable {
    /** The largest request body accepted. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(ApiHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final QueryDispatcher dispatcher;
    private final SigV4Verifier verifier;
    private final String errorNamespace;

    private ApiHttpServer(HttpServer server, ExecutorService executor, QueryDispatcher dispatcher,
                          SigV4Verifier verifier, String errorNamespace) {
        this.server = server;
        this.executor = executor;
        this.dispatcher = dispatcher;
        this.verifier = verifier;
        this.errorNamespace = errorNamespace;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving.
     *
     * @param verifier null to accept any credentials
     */
    public static ApiHttpServer start(InetSocketAddress address, QueryDispatcher dispatcher, SigV4Verifier verifier,
                                      String errorNamespace, int threads) throws IOException {
        HttpServer server = HttpServer.create(address, 128);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ballast-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ApiHttpServer api = new ApiHttpServer(server, executor, dispatcher, verifier, errorNamespace);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        log.info("API listening on http://{}:{}", address.getHostString(), server.getAddress().getPort());
        return api;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (method.equals("GET") && path.equals("/ping")) {
                send(exchange, 200, "text/plain", "ok\n", null);
                return;
            }
            String requestId = UUID.randomUUID().toString();
            ApiResponse response;
            try {
                response = answer(exchange, method, path, requestId);
            } catch (AwsException e) {
                response = ErrorResponseWriter.render(errorNamespace, e.error(), e.getMessage(), requestId);
            }
            send(exchange, response.status(), "text/xml", response.body(), response.requestId());
        } catch (IOException | RuntimeException e) {
            log.debug("API exchange failed: {}", e.toString());
        }
    }

    private ApiResponse answer(HttpExchange exchange, String method, String path, String requestId)
            throws IOException {
        if (!path.equals("/")) {
            throw new AwsException(AwsError.INVALID_ACTION, "Path: " + path + " (expected: / for the Query protocol)");
        }
        if (!method.equals("POST") && !method.equals("GET")) {
            throw new AwsException(AwsError.INVALID_ACTION, "Method: " + method + " (expected: POST or GET)");
        }
        byte[] body = readBody(exchange.getRequestBody());
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (verifier != null) {
            verifier.verify(method, path, rawQuery, lowerCaseHeaders(exchange), body);
        }
        String form = method.equals("GET") ? rawQuery : new String(body, StandardCharsets.UTF_8);
        return dispatcher.dispatch(QueryParams.parse(form), requestId);
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, List<String>> out = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> out.computeIfAbsent(k.toLowerCase(Locale.ROOT),
                x -> new ArrayList<>()).addAll(v));
        return out;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "request body: more than " + MAX_BODY_BYTES
                    + " bytes (expected: at most " + MAX_BODY_BYTES + ")");
        }
        return body;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, String requestId)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (requestId != null) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting requests and ends the threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
