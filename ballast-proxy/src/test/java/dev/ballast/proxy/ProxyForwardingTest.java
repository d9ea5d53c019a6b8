package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.TargetGroup;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Forwarding through the proxy on real sockets: headers as ALB sets them, keep-alive, local actions. */
class ProxyForwardingTest extends ProxyTestBase {

    @Test
    void forwardsAndAddsAlbHeaders() throws Exception {
        EchoTarget target = target("a");
        int port = Fixtures.freePort();
        InetSocketAddress address = start(Fixtures.forwardAll(port, Fixtures.group("tg", Fixtures.target(target.port()))));

        RawHttpClient client = client(address);
        client.send("GET /hello?x=1 HTTP/1.1\r\nHost: app.example:8080\r\nX-Forwarded-For: 203.0.113.7\r\n"
                + "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\n\r\n");
        RawHttpClient.Response response = client.read();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-target")).isEqualTo("a");
        String body = response.bodyText();
        assertThat(body).contains("uri=/hello?x=1\n")
                .contains("host: app.example:8080\n")
                .contains("x-forwarded-for: 203.0.113.7, 127.0.0.1\n")
                .contains("x-forwarded-proto: http\n")
                .contains("x-forwarded-port: " + port + "\n")
                .doesNotContain("x-hop")
                .doesNotContain("keep-alive: timeout");
        assertThat(body).containsPattern("x-amzn-trace-id: Root=1-[0-9a-f]{8}-[0-9a-f]{24}\n");
    }

    @Test
    void keepsAnIncomingTraceRootAndAddsSelf() throws Exception {
        EchoTarget target = target("a");
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))));

        RawHttpClient client = client(address);
        client.send("GET / HTTP/1.1\r\nHost: h\r\n"
                + "X-Amzn-Trace-Id: Root=1-67891233-abcdef012345678912345678;CalledFrom=app\r\n\r\n");
        String body = client.read().bodyText();

        assertThat(body).containsPattern("x-amzn-trace-id: Self=1-[0-9a-f]{8}-[0-9a-f]{24};"
                + "Root=1-67891233-abcdef012345678912345678;CalledFrom=app\n");
    }

    @Test
    void xffModesAndClientPort() throws Exception {
        EchoTarget target = target("a");
        TargetGroup group = Fixtures.group("tg", Fixtures.target(target.port()));
        int port = Fixtures.freePort();
        var listener = Fixtures.listener(port, Action.Forward.to(group.arn()));
        InetSocketAddress address = start(Fixtures.snapshot(1,
                Map.of("routing.http.xff_client_port.enabled", "true"), listener, group));
        RawHttpClient client = client(address);
        int clientPort = client.socket().getLocalPort();
        assertThat(client.get("/").bodyText()).contains("x-forwarded-for: 127.0.0.1:" + clientPort + "\n");

        proxy.apply(Fixtures.snapshot(2, Map.of("routing.http.xff_header_processing.mode", "remove"), listener, group));
        client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n");
        assertThat(client.read().bodyText()).doesNotContain("x-forwarded-for");

        proxy.apply(Fixtures.snapshot(3, Map.of("routing.http.xff_header_processing.mode", "preserve"), listener, group));
        client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n");
        assertThat(client.read().bodyText()).contains("x-forwarded-for: 10.0.0.1\n");
    }

    @Test
    void reusesOneTargetConnectionForKeepAliveRequests() throws Exception {
        EchoTarget target = target("a");
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))));

        RawHttpClient client = client(address);
        for (int i = 0; i < 25; i++) {
            assertThat(client.get("/req" + i).status()).isEqualTo(200);
        }

        assertThat(target.clientPorts()).hasSize(1);
        assertThat(proxy.counters().get("backend.connection.opened")).isEqualTo(1);
        assertThat(proxy.counters().get("backend.connection.reused")).isEqualTo(24);
    }

    @Test
    void clientsThatCloseAfterOneRequestShareOneTargetConnection() throws Exception {
        // A new client connection per request ("Connection: close", as wrk's newconn load and many scripts do): the
        // client's close is hop-by-hop, so the target connection goes back to the pool for the next client.
        EchoTarget target = target("a");
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))), ProxyOptions.defaults(1));

        for (int i = 0; i < 10; i++) {
            RawHttpClient client = client(address);
            client.send("GET /req" + i + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualToIgnoringCase("close");
            assertThat(response.bodyText()).contains("uri=/req" + i + "\n").doesNotContain("connection: close");
            assertThat(client.closedByPeer()).isTrue();
        }

        assertThat(target.clientPorts()).hasSize(1);
        assertThat(proxy.counters().get("backend.connection.opened")).isEqualTo(1);
        assertThat(proxy.counters().get("backend.connection.reused")).isEqualTo(9);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        EchoTarget target = target("a");
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))));

        RawHttpClient client = client(address);
        client.send("GET /one HTTP/1.1\r\nHost: h\r\n\r\nGET /two HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(client.read().bodyText()).contains("uri=/one\n");
        assertThat(client.read().bodyText()).contains("uri=/two\n");
    }

    @Test
    void http10ClientsAreClosedUnlessTheyAskForKeepAlive() throws Exception {
        EchoTarget target = target("a");
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))));

        RawHttpClient keepAlive = client(address);
        keepAlive.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawHttpClient.Response first = keepAlive.read();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
        keepAlive.send("GET /b HTTP/1.0\r\n\r\n");
        assertThat(keepAlive.read().bodyText()).contains("uri=/b");
        assertThat(keepAlive.closedByPeer()).isTrue();
    }

    @Test
    void emptyTargetGroupAnswers503() throws Exception {
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(), Fixtures.group("empty")));

        RawHttpClient.Response response = client(address).get("/");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("server")).isEqualTo("awselb/2.0");
        assertThat(response.bodyText()).isEqualTo("<html>\r\n<head><title>503 Service Temporarily Unavailable</title>"
                + "</head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n"
                + "</html>\r\n");
    }

    @Test
    void redirectBuildsLocationLikeAlb() throws Exception {
        int port = Fixtures.freePort();
        var redirect = new Action.Redirect("HTTPS", "443", null, null, null, Action.RedirectStatus.HTTP_301);
        InetSocketAddress address = start(Fixtures.snapshot(1, Map.of(), Fixtures.listener(port, redirect)));

        RawHttpClient client = client(address);
        client.send("GET /shop/cart?item=7 HTTP/1.1\r\nHost: www.example.com:" + port + "\r\n\r\n");
        RawHttpClient.Response response = client.read();

        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).isEqualTo("https://www.example.com:443/shop/cart?item=7");
        assertThat(response.header("server")).isEqualTo("awselb/2.0");
        assertThat(response.bodyText()).contains("<title>301 Moved Permanently</title>");
        // keep-alive: the same connection serves another request
        assertThat(client.get("/x").status()).isEqualTo(301);
    }

    @Test
    void fixedResponseUsesConfiguredStatusTypeAndBody() throws Exception {
        int port = Fixtures.freePort();
        var fixed = new Action.FixedResponse(418, "application/json", "{\"teapot\":true}");
        InetSocketAddress address = start(Fixtures.snapshot(1, Map.of(), Fixtures.listener(port, fixed)));

        RawHttpClient client = client(address);
        client.send("POST /brew HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
        RawHttpClient.Response response = client.read();

        assertThat(response.status()).isEqualTo(418);
        assertThat(response.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(response.bodyText()).isEqualTo("{\"teapot\":true}");
        assertThat(client.get("/again").status()).isEqualTo(418);
    }
}
