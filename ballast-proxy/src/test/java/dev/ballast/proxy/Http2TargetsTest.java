package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.ProtocolVersion;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetType;
import dev.ballast.proxy.tls.CommandLine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 to targets: an HTTP2 target group reaches an h2c-only target (prior knowledge) for clients speaking
 * HTTP/2 (curl, nghttp, h2load) or HTTP/1.1, with trailers both ways, concurrent requests multiplexed as streams
 * of one target connection, and bodies far beyond the initial flow-control window in both directions.
 */
class Http2TargetsTest extends Http2TestBase {
    private H2Target target(int holdUntil, int responseBytes) {
        H2Target target = new H2Target(holdUntil, responseBytes);
        closeables.add(target);
        return target;
    }

    private static TargetGroup http2Group(H2Target target) {
        return new TargetGroup(Fixtures.groupArn("h2"), "h2", Protocol.HTTP, 80, TargetType.IP,
                HealthCheck.defaultsFor(Protocol.HTTP, LoadBalancerType.APPLICATION), null,
                List.of(Fixtures.target(target.port())), ProtocolVersion.HTTP2);
    }

    @Test
    void anHttp2ClientGetsTheH2TargetsAnswerAndTrailers() {
        H2Target target = target(1, 0);
        https(http2Group(target));
        CommandLine.Result result = CommandLine.run(dir, Duration.ofSeconds(30), "", List.of("nghttp", "-v",
                "https://127.0.0.1:" + port + "/hello"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("h2 /hello")
                .containsPattern("recv \\(stream_id=\\d+\\) x-checksum: 0")
                .containsPattern("recv \\(stream_id=\\d+\\) x-request-trailer: none")
                .doesNotContain("x-http2-");
        assertThat(target.received()).hasSize(1);
        assertThat(target.received().get(0).method()).isEqualTo("GET");
        assertThat(target.received().get(0).path()).isEqualTo("/hello");
    }

    @Test
    void anHttp11ClientsTrailersReachTheH2TargetAndItsTrailersComeBack() throws IOException {
        H2Target target = target(1, 0);
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(), http2Group(target)));
        RawHttpClient client = client(address);
        client.send("POST /upload HTTP/1.1\r\nHost: a.example\r\nTE: trailers\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\nx-req: yes\r\n\r\n");
        RawHttpClient.Response head = client.readHead();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("transfer-encoding")).isEqualTo("chunked");
        List<String> rest = new ArrayList<>();
        String line;
        while ((line = client.line()) != null) {
            rest.add(line);
            if (line.isEmpty() && rest.size() > 1 && rest.get(rest.size() - 2).startsWith("x-")) {
                break; // the blank line after the trailers
            }
        }
        assertThat(rest).contains("h2 /upload", "0").contains("x-checksum: 5", "x-request-trailer: yes");
        assertThat(target.received()).containsExactly(new H2Target.Received("POST", "/upload", "trailers", "yes", 5));
    }

    @Test
    void concurrentRequestsAreStreamsOfOneTargetConnection() {
        H2Target target = target(5, 0); // answers nothing until five requests are open at once
        https(http2Group(target));
        CommandLine.Result result = CommandLine.run(dir, Duration.ofSeconds(30), "", List.of("h2load", "-n", "5",
                "-c", "1", "-m", "5", "https://127.0.0.1:" + port + "/multiplexed"));
        assertThat(result.output()).contains("5 succeeded");
        assertThat(target.received()).hasSize(5);
        assertThat(target.connections()).isEqualTo(1);
    }

    @Test
    void bodiesBeyondTheFlowControlWindowPassBothWays() throws IOException {
        int size = 1024 * 1024; // 16 times the initial window (paranoid leak detection makes bytes slow)
        H2Target target = target(1, size);
        https(http2Group(target));
        Path upload = dir.resolve("upload.bin");
        Files.write(upload, new byte[768 * 1024]);
        CommandLine.Result result = curl("--http2", "--data-binary", "@" + upload, "-o", dir.resolve("down.bin")
                .toString(), "-w", "%{http_code} %{http_version} %{size_download}", url("a.example", "/big"));
        assertThat(result.output()).isEqualTo("200 2 " + size);
        assertThat(target.received().get(0).bodyBytes()).isEqualTo(768L * 1024);
        assertThat(new String(Files.readAllBytes(dir.resolve("down.bin")), 0, 7, StandardCharsets.UTF_8))
                .isEqualTo("h2 /big");
    }
}
