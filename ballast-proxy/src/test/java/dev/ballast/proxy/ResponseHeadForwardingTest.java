package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Target responses go to an HTTP/1.1 client as the target's bytes with only ALB's edits (hop-by-hop fields out,
 * {@code Connection: close} in, the version as HTTP/1.1), and a response whose framing the client could read
 * differently never reaches it: the client gets a 502 and none of the target's bytes. Raw sockets on both sides, so
 * the test sees every byte.
 */
class ResponseHeadForwardingTest extends ProxyTestBase {
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: lb\r\nConnection: close\r\n\r\n";

    @Test
    void fieldsGoOnAsTheTargetWroteThem() throws Exception {
        String received = exchange("HTTP/1.1 200 OK\r\nX-Case: MiXeD\r\nx-dup: 1\r\nX-Dup: 2\r\n"
                + "X-Empty:\r\nContent-Length: 2\r\n\r\nok");

        assertThat(received).isEqualTo("HTTP/1.1 200 OK\r\nX-Case: MiXeD\r\nx-dup: 1\r\nX-Dup: 2\r\n"
                + "X-Empty:\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    }

    @Test
    void hopByHopFieldsAndTheFieldsConnectionNamesAreRemoved() throws Exception {
        String received = exchange("HTTP/1.1 200 OK\r\nConnection: X-Secret, keep-alive\r\nX-Secret: s\r\n"
                + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\nUpgrade: h2c\r\n"
                + "X-Kept: k\r\nContent-Length: 2\r\n\r\nok");

        assertThat(received).isEqualTo("HTTP/1.1 200 OK\r\nX-Kept: k\r\nContent-Length: 2\r\nConnection: close\r\n"
                + "\r\nok");
    }

    @Test
    void chunkedBodyKeepsTheTargetsChunksAndTrailersAndLosesItsContentLength() throws Exception {
        String received = exchange("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
                + "2;ext=1\r\nok\r\n3\r\n!!!\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertThat(received).isEqualTo("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "2;ext=1\r\nok\r\n3\r\n!!!\r\n0\r\nX-Trailer: t\r\n\r\n");
    }

    @Test
    void http10TargetIsAnsweredAsHttp11AndItsCloseDelimitedBodyEndsWithTheConnection() throws Exception {
        String received = exchange("HTTP/1.0 200 OK\r\nX-Old: 1\r\n\r\nuntil close");

        assertThat(received).isEqualTo("HTTP/1.1 200 OK\r\nX-Old: 1\r\nConnection: close\r\n\r\nuntil close");
    }

    @Test
    void http10ClientGetsAChunkedResponseWithoutItsChunks() throws Exception {
        String received = exchange("GET / HTTP/1.0\r\nHost: lb\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n3\r\n!!!\r\n0\r\n\r\n");

        assertThat(received).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok!!!")
                .doesNotContainIgnoringCase("transfer-encoding");
    }

    static Stream<Arguments> malformedResponses() {
        return Stream.of(
                Arguments.of("obs-fold", "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("white space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok"),
                Arguments.of("two Content-Lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("Content-Length list", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok"),
                Arguments.of("signed Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok"),
                Arguments.of("NUL in a value", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("bare CR in a value", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("four-digit status", "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("not HTTP", "ICY 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("101 nobody asked for", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\nxx"),
                Arguments.of("chunk size zz", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n"),
                Arguments.of("chunk size 0x2", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\nok\r\n0\r\n\r\n"),
                Arguments.of("chunk data longer than its size",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nok\r\n0\r\n\r\n"),
                Arguments.of("bare LF after a chunk size",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nok\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedResponses")
    void malformedResponseIs502AndNoneOfItReachesTheClient(String name, String response) throws Exception {
        String received = exchange(response);

        boolean chunked = response.contains("chunked");
        if (chunked) {
            // a bad chunk is found after the head went out: the client's connection is cut before the bad bytes
            assertThat(received).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("ok\r\n0");
        } else {
            assertThat(received).startsWith("HTTP/1.1 502 Bad Gateway\r\n").doesNotContain("\r\n\r\nok")
                    .doesNotContain("X-A").doesNotContain("Upgrade");
        }
        assertThat(proxy.counters().get("backend.malformed_response")).isEqualTo(1);
    }

    private String exchange(String response) throws IOException {
        return exchange(REQUEST, response);
    }

    /** Sends {@code request} through the proxy to a target answering {@code response}; what the client read. */
    private String exchange(String request, String response) throws IOException {
        int port = rawTarget(socket -> {
            answer(socket, response);
            try {
                socket.close(); // ends a body delimited by the close
            } catch (IOException ignored) {
                // the test asserts on what the client read
            }
        });
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(port))));
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = client.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = client.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
