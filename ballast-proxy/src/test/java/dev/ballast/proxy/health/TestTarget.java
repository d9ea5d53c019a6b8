package dev.ballast.proxy.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) target on 127.0.0.1 answering every request with a settable status (or never answering), and
 * recording what it received. Thread-safe.
 */
final class TestTarget implements AutoCloseable {
    /** Status meaning "never answer". */
    static final int HANG = -1;

    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status;

    /** One received request: path and the headers a health check must carry. */
    record Received(String method, String path, String host, String userAgent, String connection) {}

    private TestTarget(HttpServer server, int status) {
        this.server = server;
        this.status = status;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    static TestTarget http(int status) throws IOException {
        return new TestTarget(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50), status);
    }

    static TestTarget https(int status) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        return new TestTarget(server, status);
    }

    private static SSLContext selfSigned() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("target.local");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("target", cert.key(), "pw".toCharArray(), new Certificate[] {cert.cert()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "pw".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private void handle(HttpExchange exchange) throws IOException {
        var h = exchange.getRequestHeaders();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                h.getFirst("Host"), h.getFirst("User-Agent"), h.getFirst("Connection")));
        int code = status;
        if (code == HANG) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] body = code == 204 ? new byte[0] : ("status " + code).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void answer(int code) {
        status = code;
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
