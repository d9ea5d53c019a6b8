package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Client requests go to an HTTP/1.1 target as the client's bytes with only ALB's edits: field lines exactly as the
 * client wrote them (case, order, duplicates, white space), hop-by-hop fields and the ones ALB replaces left out,
 * {@code X-Forwarded-*} and {@code X-Amzn-Trace-Id} added, a Content-Length body after the head unchanged. Raw
 * sockets on both sides ({@link CapturingTarget}), so the test sees every byte the target got.
 */
class RequestHeadForwardingTest extends ProxyTestBase {
    private static final String TRACE_ID = "X-Amzn-Trace-Id: Root=1-[0-9a-f]{8}-[0-9a-f]{24}\r\n";

    @Test
    void fieldLinesGoOnAsTheClientWroteThem() throws Exception {
        Forwarded forwarded = forward("GET /p?q=1 HTTP/1.1\r\nHost: lb\r\nX-Case: MiXeD  \r\nx-dup: 1\r\nX-Dup: 2\r\n"
                + "X-Empty:\r\nX-Tab:\tv\r\nConnection: close\r\n\r\n");

        assertThat(forwarded.request()).matches(Pattern.quote("GET /p?q=1 HTTP/1.1\r\nHost: lb\r\nX-Case: MiXeD  \r\n"
                + "x-dup: 1\r\nX-Dup: 2\r\nX-Empty:\r\nX-Tab:\tv\r\nX-Forwarded-For: 127.0.0.1\r\n"
                + "X-Forwarded-Proto: http\r\nX-Forwarded-Port: " + forwarded.port() + "\r\n") + TRACE_ID + "\r\n");
    }

    @Test
    void hopByHopAndReplacedFieldsAreLeftOutAndForwardedForListsEveryHop() throws Exception {
        Forwarded forwarded = forward("GET / HTTP/1.1\r\nHost: lb\r\nConnection: X-Secret, close\r\nX-Secret: s\r\n"
                + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\n"
                + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nx-forwarded-for: 198.51.100.1\r\n"
                + "X-Forwarded-Port: 1\r\nX-Kept: k\r\n\r\n");

        assertThat(forwarded.request()).matches(Pattern.quote("GET / HTTP/1.1\r\nHost: lb\r\nX-Kept: k\r\n"
                + "X-Forwarded-For: 203.0.113.7, 198.51.100.1, 127.0.0.1\r\nX-Forwarded-Proto: http\r\n"
                + "X-Forwarded-Port: " + forwarded.port() + "\r\n") + TRACE_ID + "\r\n");
    }

    @Test
    void contentLengthBodyFollowsTheHeadUnchanged() throws Exception {
        Forwarded forwarded = forward("POST /form HTTP/1.1\r\nHost: lb\r\nContent-Length: 11\r\n"
                + "Connection: close\r\n\r\nhello world");

        assertThat(forwarded.request()).startsWith("POST /form HTTP/1.1\r\nHost: lb\r\nContent-Length: 11\r\n")
                .endsWith("\r\n\r\nhello world");
    }

    @Test
    void incomingTraceIdKeepsItsRootAndGetsANewSelf() throws Exception {
        Forwarded forwarded = forward("GET / HTTP/1.1\r\nHost: lb\r\n"
                + "X-Amzn-Trace-Id: Self=1-00000000-000000000000000000000000; Root=1-67891233-abcdef012345678912345678;"
                + "CalledFrom=app\r\nConnection: close\r\n\r\n");

        assertThat(forwarded.request()).containsPattern("\r\nX-Amzn-Trace-Id: Self=1-[0-9a-f]{8}-[0-9a-f]{24};"
                + "Root=1-67891233-abcdef012345678912345678;CalledFrom=app\r\n\r\n$");
    }

    /** What one target connection received, and the listener port (for X-Forwarded-Port). */
    private record Forwarded(String request, int port) {}

    /** Sends {@code request} through the proxy to a capturing target and returns what that target received. */
    private Forwarded forward(String request) throws IOException, InterruptedException {
        CapturingTarget target = new CapturingTarget();
        closeables.add(target);
        int port = Fixtures.freePort();
        InetSocketAddress address = start(Fixtures.forwardAll(port, Fixtures.group("tg", Fixtures.target(target.port()))));
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = client.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = client.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 OK\r\n");
        }
        List<byte[]> captures = target.awaitCaptures(Duration.ofSeconds(10));
        assertThat(captures).hasSize(1);
        return new Forwarded(new String(captures.get(0), StandardCharsets.ISO_8859_1), port);
    }
}
