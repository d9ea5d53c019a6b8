package dev.ballast.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.ProbeResult;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthProberTest {
    private static EventLoopGroup group;
    private static HealthProber prober;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        prober = new HealthProber(group);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void httpCheckSendsAlbHeadersAndPassesOnTheMatcher() throws Exception {
        try (TestTarget target = TestTarget.http(200)) {
            assertThat(probe(Protocol.HTTP, target.port(), "/health?deep=1", "200")).isEqualTo(ProbeResult.pass());
            TestTarget.Received r = target.received().get(0);
            assertThat(r).isEqualTo(new TestTarget.Received("GET", "/health?deep=1", "127.0.0.1:" + target.port(),
                    "ELB-HealthChecker/2.0", "close"));
        }
    }

    @Test
    void anInstanceTargetIsProbedAtItsInstancesAddressAndAnUnknownOneFails() throws Exception {
        try (TestTarget target = TestTarget.http(200)) {
            HealthCheck check = new HealthCheck(true, Protocol.HTTP, "traffic-port", "/", 5, 2, 2, 2, "200");
            Target instance = new Target("i-0ba11a57000000001", target.port());
            ProbeSpec known = new ProbeSpec("arn:group", instance, check, false, "127.0.0.1");
            ProbeSpec unknown = new ProbeSpec("arn:group", instance, check, false, null);

            assertThat(prober.probe(known).get(10, TimeUnit.SECONDS)).isEqualTo(ProbeResult.pass());
            assertThat(target.received().get(0).host()).isEqualTo("127.0.0.1:" + target.port());
            assertThat(prober.probe(unknown).get(10, TimeUnit.SECONDS)).isEqualTo(ProbeResult.failed());
            assertThat(target.received()).hasSize(1);
        }
    }

    @Test
    void codeOutsideTheMatcherIsAMismatchNamingTheCode() throws Exception {
        try (TestTarget target = TestTarget.http(500)) {
            assertThat(probe(Protocol.HTTP, target.port(), "/", "200")).isEqualTo(ProbeResult.responseCodeMismatch(500));
            target.answer(204);
            assertThat(probe(Protocol.HTTP, target.port(), "/", "200-299")).isEqualTo(ProbeResult.pass());
            target.answer(202);
            assertThat(probe(Protocol.HTTP, target.port(), "/", "200,202")).isEqualTo(ProbeResult.pass());
            target.answer(201);
            assertThat(probe(Protocol.HTTP, target.port(), "/", "200,202")).isEqualTo(ProbeResult.responseCodeMismatch(201));
        }
    }

    @Test
    void targetThatNeverAnswersTimesOut() throws Exception {
        try (TestTarget target = TestTarget.http(TestTarget.HANG)) {
            long start = System.nanoTime();
            assertThat(probe(Protocol.HTTP, target.port(), "/", "200")).isEqualTo(ProbeResult.timeout());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(1900L, 4000L);
        }
    }

    @Test
    void closedPortFailsTheCheck() throws Exception {
        int port = closedPort();
        assertThat(probe(Protocol.HTTP, port, "/", "200")).isEqualTo(ProbeResult.failed());
        assertThat(probe(Protocol.TCP, port, null, null)).isEqualTo(ProbeResult.failed());
    }

    @Test
    void tcpCheckPassesWhenTheConnectionIsAccepted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(probe(Protocol.TCP, server.getLocalPort(), null, null)).isEqualTo(ProbeResult.pass());
        }
    }

    @Test
    void httpsCheckAcceptsASelfSignedCertificate() throws Exception {
        try (TestTarget target = TestTarget.https(200)) {
            assertThat(probe(Protocol.HTTPS, target.port(), "/ping", "200")).isEqualTo(ProbeResult.pass());
            assertThat(target.received().get(0).userAgent()).isEqualTo("ELB-HealthChecker/2.0");
        }
    }

    @Test
    void malformedAnswerFailsTheCheck() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread answerer = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("this is not http\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.getInputStream().read(new byte[1024]);
                } catch (Exception ignored) {
                    // the probe closes the connection
                }
            });
            answerer.start();
            assertThat(probe(Protocol.HTTP, server.getLocalPort(), "/", "200")).isEqualTo(ProbeResult.failed());
            answerer.join(5000);
        }
    }

    private static ProbeResult probe(Protocol protocol, int port, String path, String matcher) throws Exception {
        HealthCheck check = new HealthCheck(true, protocol, Integer.toString(port), path, 5, 2, 2, 2, matcher);
        ProbeSpec spec = new ProbeSpec("arn:group", new Target("127.0.0.1", 1), check);
        return prober.probe(spec).get(10, TimeUnit.SECONDS);
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
