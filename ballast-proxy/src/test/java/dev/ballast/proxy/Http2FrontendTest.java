package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.Rule;
import dev.ballast.proxy.tls.CommandLine;
import io.netty.handler.codec.http2.Http2Settings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 to clients on an HTTPS listener (ALPN {@code h2}) through the same routing and forwarding path as
 * HTTP/1.1, driven by curl and h2load: two SNI names, targets get HTTP/1.1 with ALB's headers, fixed responses
 * and redirects are answered per stream, many streams share few connections.
 */
class Http2FrontendTest extends Http2TestBase {
    /** What an HTTP listener answers to the HTTP/2 connection preface (a request line it does not accept). */
    private static final int PRIOR_KNOWLEDGE_STATUS = 505;

    @Test
    void curlOverHttp2ReachesTheTargetAsHttp11WithAlbHeadersForBothServerNames() throws Exception {
        EchoTarget target = target("t1");
        https(Fixtures.group("tg", Fixtures.target(target.port())));

        for (String host : List.of("a.example", "b.example")) {
            CommandLine.Result curl = curl("--http2", "-H", "X-Test: one", "-w",
                    "\nversion=%{http_version} ssl_verify=%{ssl_verify_result}\n", "-v", url(host, "/hello?q=1"));

            assertThat(curl.exitCode()).as(curl.output()).isZero();
            assertThat(curl.output())
                    .contains("ALPN: server accepted h2")
                    .contains("subject: CN=" + host)
                    .contains("version=2")
                    .contains("target=t1")
                    .contains("uri=/hello?q=1")
                    .contains("host: " + host + ":" + port)
                    .contains("x-test: one")
                    .contains("x-forwarded-for: 127.0.0.1")
                    .contains("x-forwarded-proto: https")
                    .containsPattern("x-amzn-trace-id: Root=1-[0-9a-f]{8}-[0-9a-f]{24}")
                    .doesNotContain("x-http2");
        }
        assertThat(proxy.counters().get("client.h2.connection.opened")).isEqualTo(2);
    }

    @Test
    void http11IsStillServedToClientsThatOfferOnlyIt() throws Exception {
        EchoTarget target = target("t1");
        https(Fixtures.group("tg", Fixtures.target(target.port())));

        CommandLine.Result curl = curl("--http1.1", "-w", "\nversion=%{http_version}\n", url("b.example", "/"));

        assertThat(curl.output()).contains("version=1.1").contains("target=t1");
        assertThat(proxy.counters().get("client.h2.connection.opened")).isZero();
    }

    @Test
    void withHttp2DisabledOnTheLoadBalancerOnlyHttp11IsOffered() throws Exception {
        EchoTarget target = target("t1");
        https(Map.of("routing.http2.enabled", "false"), List.of(), Fixtures.group("tg", Fixtures.target(target.port())));

        CommandLine.Result curl = curl("--http2", "-w", "\nversion=%{http_version}\n", url("a.example", "/"));

        assertThat(curl.output()).contains("version=1.1").contains("target=t1");
    }

    @Test
    void fixedResponsesAndRedirectsAreAnsweredPerStream() throws Exception {
        EchoTarget target = target("t1");
        Rule fixed = new Rule(Fixtures.LISTENER_ARN.replace(":listener/", ":listener-rule/") + "/1", 1,
                List.of(new Condition.PathPattern(List.of("/teapot"))),
                new Action.FixedResponse(418, "text/plain", "short and stout"));
        Rule redirect = new Rule(Fixtures.LISTENER_ARN.replace(":listener/", ":listener-rule/") + "/2", 2,
                List.of(new Condition.PathPattern(List.of("/old"))),
                new Action.Redirect(null, null, null, "/new", null, Action.RedirectStatus.HTTP_301));
        https(Map.of(), List.of(fixed, redirect), Fixtures.group("tg", Fixtures.target(target.port())));

        // one connection, three streams: curl reuses its HTTP/2 connection for every URL
        CommandLine.Result curl = curl("--http2", "-w", "\n%{http_code} %{http_version} %{redirect_url}\n",
                url("b.example", "/teapot"), url("b.example", "/old?x=1"), url("b.example", "/other"));

        assertThat(curl.exitCode()).as(curl.output()).isZero();
        assertThat(curl.output())
                .contains("short and stout\n418 2 \n")
                .contains("301 2 https://b.example:" + port + "/new?x=1")
                .contains("target=t1");
        assertThat(proxy.counters().get("client.h2.connection.opened")).isEqualTo(1);
        assertThat(proxy.counters().get("client.h2.stream.opened")).isEqualTo(3);
    }

    @Test
    void h2loadSendsManyConcurrentStreamsOverFewConnections() throws Exception {
        EchoTarget target = target("t1");
        https(Fixtures.group("tg", Fixtures.target(target.port())));

        CommandLine.Result h2load = CommandLine.run(dir, Duration.ofSeconds(120), "", List.of("h2load",
                "-n", "2000", "-c", "10", "-m", "100", url("127.0.0.1", "/")));

        assertThat(h2load.exitCode()).as(h2load.output()).isZero();
        assertThat(h2load.output())
                .contains("Application protocol: h2")
                .contains("requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored")
                .contains("status codes: 2000 2xx");
        assertThat(proxy.counters().get("client.h2.connection.opened")).isEqualTo(10);
    }

    @Test
    void aTargetsHeadReachesAnHttp2ClientInLowerCaseWithoutHopByHopFieldsAndItsChunksAsData() throws Exception {
        int target = rawTarget(socket -> answer(socket, "HTTP/1.1 201 Created\r\nX-Case: MiXeD\r\n"
                + "Connection: X-Secret, keep-alive\r\nX-Secret: s\r\nKeep-Alive: timeout=5\r\nUpgrade: h2c\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Length: 99\r\nSet-Cookie: app=1\r\n\r\n"
                + "2\r\nok\r\n3\r\n!!!\r\n0\r\n\r\n"));
        https(Fixtures.group("tg", Fixtures.target(target)));

        CommandLine.Result curl = curl("--http2", "-i", url("a.example", "/"));

        assertThat(curl.exitCode()).as(curl.output()).isZero();
        assertThat(curl.output())
                .startsWith("HTTP/2 201")
                .contains("x-case: MiXeD\r\n")
                .contains("set-cookie: app=1\r\n")
                .endsWith("\r\n\r\nok!!!")
                .doesNotContainIgnoringCase("x-secret")
                .doesNotContainIgnoringCase("connection")
                .doesNotContainIgnoringCase("keep-alive")
                .doesNotContainIgnoringCase("upgrade")
                .doesNotContainIgnoringCase("transfer-encoding")
                .doesNotContainIgnoringCase("content-length");
    }

    /**
     * Responses to a connection's streams are written to TLS together (one record and write per batch, not per
     * stream), but a write made while nothing else happens is not held back for a batch: a lone chunk of a slow
     * stream, a fast stream beside it and the slow stream's end each reach the client on their own.
     */
    @Test
    void aSlowStreamsWritesAndTheOtherStreamsResponsesAreNotHeldBackForEachOther() throws Exception {
        EchoTarget target = target("t1");
        InetSocketAddress address = https(Fixtures.group("tg", Fixtures.target(target.port())));
        Duration wait = Duration.ofSeconds(10);
        try (RawHttp2Client client = new RawHttp2Client(address).startReading()) {
            client.settings(new Http2Settings()).get(1, "/stream").flush();
            assertThat(target.streamStarted.await(10, TimeUnit.SECONDS)).as("the slow stream reached the target")
                    .isTrue();

            target.releaseChunk("first");
            Await.until("the slow stream's lone chunk", wait, () -> client.bodyFrames.get() == 1);

            client.get(3, "/").flush();
            Await.until("the fast stream's whole response while the slow one is open", wait,
                    () -> client.endedResponses.get() == 1);

            target.finishStream();
            Await.until("the slow stream's end", wait, () -> client.endedResponses.get() == 2);
            assertThat(client.resetStreams.get()).isZero();
        }
    }

    @Test
    void cleartextListenersRefuseThePriorKnowledgePrefaceAsAnHttp11Request() throws Exception {
        EchoTarget target = target("t1");
        int httpPort = Fixtures.freePort();
        RawHttpClient client = client(start(Fixtures.forwardAll(httpPort, Fixtures.group("tg",
                Fixtures.target(target.port())))));

        client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        RawHttpClient.Response response = client.read();

        assertThat(response.status()).isEqualTo(PRIOR_KNOWLEDGE_STATUS);
        assertThat(client.line()).as("the connection closes after the refusal").isNull();
        assertThat(proxy.counters().get("client.h2.connection.opened")).isZero();
    }

    @Test
    void cleartextListenersIgnoreUpgradeToH2c() throws Exception {
        EchoTarget target = target("t1");
        int httpPort = Fixtures.freePort();
        start(Fixtures.forwardAll(httpPort, Fixtures.group("tg", Fixtures.target(target.port()))));

        CommandLine.Result curl = curl("--http2", "-v", "-w", "\nversion=%{http_version}\n",
                "http://127.0.0.1:" + httpPort + "/");

        assertThat(curl.output())
                .contains("Upgrade: h2c")
                .doesNotContain("101 Switching Protocols")
                .contains("version=1.1")
                .contains("target=t1")
                .doesNotContain("upgrade: h2c");
    }
}
