package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.TargetGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every status code the load balancer produces itself, provoked with real sockets. */
class ProxyErrorStatusTest extends ProxyTestBase {

    // ---- target failures ----

    @Test
    void refusedConnectionIs502() throws Exception {
        int closedPort = Fixtures.freePort();
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(closedPort))));

        RawHttpClient.Response response = client(address).get("/");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.header("server")).isEqualTo("awselb/2.0");
        assertThat(response.bodyText()).isEqualTo("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n");
        assertThat(proxy.counters().get("backend.connect_failed")).isEqualTo(1);
    }

    @Test
    void malformedResponseIs502() throws Exception {
        int port = rawTarget(socket -> answer(socket, "garbage that is not http\r\n\r\n"));
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(port))));

        assertThat(client(address).get("/").status()).isEqualTo(502);
        assertThat(proxy.counters().get("backend.malformed_response")).isEqualTo(1);
    }

    @Test
    void resetConnectionIs502() throws Exception {
        int port = rawTarget(socket -> {
            try {
                readHead(socket.getInputStream());
                socket.setSoLinger(true, 0); // close with RST
                socket.close();
            } catch (IOException ignored) {
                // the test asserts on the proxy's answer
            }
        });
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(port))));

        assertThat(client(address).get("/").status()).isEqualTo(502);
    }

    @Test
    void connectTimeoutIs504() throws Exception {
        // A listening socket whose accept queue is full drops further SYNs: connecting to it times out.
        ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        closeables.add(full);
        List<Socket> fillers = new ArrayList<>();
        while (true) {
            Socket s = new Socket();
            closeables.add(s);
            try {
                s.connect(full.getLocalSocketAddress(), 300);
                fillers.add(s);
            } catch (SocketTimeoutException e) {
                break;
            }
            assertThat(fillers.size()).isLessThan(64);
        }
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(full.getLocalPort()))), options(Duration.ofSeconds(1)));

        RawHttpClient.Response response = client(address).get("/");

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.bodyText()).contains("<title>504 Gateway Time-out</title>");
        assertThat(proxy.counters().get("backend.connect_timeout")).isEqualTo(1);
    }

    @Test
    void silentTargetIs504AfterTheIdleTimeout() throws Exception {
        int port = rawTarget(socket -> {
            try {
                InputStream in = socket.getInputStream();
                readHead(in);
                in.transferTo(OutputStream.nullOutputStream()); // never answers; holds on until the proxy gives up
            } catch (IOException ignored) {
                // closed by the proxy or the test
            }
        });
        TargetGroup group = Fixtures.group("tg", Fixtures.target(port));
        int listenerPort = Fixtures.freePort();
        InetSocketAddress address = start(Fixtures.snapshot(1, Map.of("idle_timeout.timeout_seconds", "1"),
                Fixtures.listener(listenerPort, Action.Forward.to(group.arn())), group));

        long started = System.nanoTime();
        RawHttpClient.Response response = client(address).get("/");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.status()).isEqualTo(504);
        assertThat(tookMillis).isBetween(900L, 5000L);
        assertThat(proxy.counters().get("backend.idle_timeout")).isEqualTo(1);
    }

    @Test
    void idleClientConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        EchoTarget target = target("a");
        TargetGroup group = Fixtures.group("tg", Fixtures.target(target.port()));
        InetSocketAddress address = start(Fixtures.snapshot(1, Map.of("idle_timeout.timeout_seconds", "1"),
                Fixtures.listener(Fixtures.freePort(), Action.Forward.to(group.arn())), group));

        RawHttpClient client = client(address);
        assertThat(client.get("/").status()).isEqualTo(200);
        long started = System.nanoTime();

        assertThat(client.closedByPeer()).isTrue();
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(500L, 5000L);
    }

    // ---- client errors ----

    @Test
    void traceIs405() throws Exception {
        assertThat(statusFor("TRACE / HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(405);
    }

    @Test
    void unsupportedTransferEncodingIs501() throws Exception {
        assertThat(statusFor("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n")).isEqualTo(501);
    }

    @Test
    void contentLengthWithTransferEncodingIs400InStrictestMode() throws Exception {
        // Ambiguous in AWS's desync classes: only strictest mode rejects it (HttpFramingBatteryTest has every mode)
        assertThat(statusFor("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n", Map.of("routing.http.desync_mitigation_mode", "strictest")))
                .isEqualTo(400);
    }

    @Test
    void differingDuplicateContentLengthIs400() throws Exception {
        assertThat(statusFor("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"))
                .isEqualTo(400);
    }

    @Test
    void malformedRequestLineIs400() throws Exception {
        assertThat(statusFor("THIS IS NOT HTTP\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void requestLineOver16KbIs414() throws Exception {
        assertThat(statusFor("GET /" + "a".repeat(17 * 1024) + " HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(414);
    }

    @Test
    void singleHeaderOver16KbIs431() throws Exception {
        assertThat(statusFor("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(17 * 1024) + "\r\n\r\n"))
                .isEqualTo(431);
    }

    @Test
    void headersOver64KbIs431() throws Exception {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 6; i++) {
            request.append("X-Part-").append(i).append(": ").append("c".repeat(12 * 1024)).append("\r\n");
        }
        assertThat(statusFor(request + "\r\n")).isEqualTo(431);
    }

    private int statusFor(String request) throws Exception {
        return statusFor(request, Map.of());
    }

    private int statusFor(String request, Map<String, String> lbAttributes) throws Exception {
        EchoTarget target = target("a");
        TargetGroup group = Fixtures.group("tg", Fixtures.target(target.port()));
        InetSocketAddress address = start(Fixtures.snapshot(1, lbAttributes,
                Fixtures.listener(Fixtures.freePort(), Action.Forward.to(group.arn())), group));
        RawHttpClient client = client(address);
        client.send(request);
        RawHttpClient.Response response = client.read();
        assertThat(response.header("server")).isEqualTo("awselb/2.0");
        assertThat(target.clientPorts()).as("rejected requests never reach the target").isEmpty();
        return response.status();
    }
}
