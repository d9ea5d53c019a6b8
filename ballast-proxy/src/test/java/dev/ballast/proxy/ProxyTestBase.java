package dev.ballast.proxy;

import dev.ballast.core.model.ConfigSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/** Starts a real proxy on loopback and closes it, and whatever the test registered, after each test. */
abstract class ProxyTestBase {
    protected ProxyServer proxy;
    protected final List<AutoCloseable> closeables = new ArrayList<>();

    protected InetSocketAddress start(ConfigSnapshot snapshot) {
        return start(snapshot, ProxyOptions.defaults(2));
    }

    protected InetSocketAddress start(ConfigSnapshot snapshot, ProxyOptions options) {
        proxy = new ProxyServer(options);
        proxy.apply(snapshot);
        return proxy.boundAddress(Fixtures.LISTENER_ARN);
    }

    protected ProxyOptions options(Duration connectTimeout) {
        return ProxyOptions.defaults(2).withConnectTimeout(connectTimeout);
    }

    protected EchoTarget target(String name) throws IOException {
        EchoTarget target = new EchoTarget(name);
        closeables.add(target);
        return target;
    }

    protected RawHttpClient client(InetSocketAddress address) throws IOException {
        RawHttpClient client = new RawHttpClient(address);
        closeables.add(client);
        return client;
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    // ---- raw targets ----

    /** A target on a free loopback port that runs {@code behaviour} on each connection it accepts. */
    protected int rawTarget(Consumer<Socket> behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        closeables.add(server);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    closeables.add(socket);
                    Thread worker = new Thread(() -> behaviour.accept(socket));
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server.getLocalPort();
    }

    /** Reads the request head from {@code socket} and writes {@code response} (ISO-8859-1) back. */
    protected static void answer(Socket socket, String response) {
        try {
            readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException ignored) {
            // the test asserts on the proxy's answer
        }
    }

    /** Reads up to and including the empty line that ends a request head. */
    protected static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int c;
        while (matched < 4 && (c = in.read()) != -1) {
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }
}
