package dev.ballast.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.ProbeResult;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.proxy.GrpcTarget;
import dev.ballast.proxy.tls.TestCertificates;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC health checks against a real gRPC server (Python grpcio), over h2c and over TLS with ALPN h2: the call's
 * {@code grpc-status} judged by the matcher, AWS's default (path {@code /AWS.ALB/healthcheck}, code 12, which a
 * server that does not implement it answers), and a server that is not gRPC at all.
 */
class GrpcHealthProbeTest {
    @TempDir
    static Path dir;

    private static EventLoopGroup group;
    private static HealthProber prober;
    private static Path serving;
    private static GrpcTarget plain;
    private static GrpcTarget tls;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        prober = new HealthProber(group);
        serving = Files.createFile(dir.resolve("serving"));
        TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "target.example.test");
        plain = GrpcTarget.start("plain", serving, null, null);
        tls = GrpcTarget.start("tls", serving, pem.certificateFile(),
                Files.writeString(dir.resolve("key.pem"), pem.privateKey()));
    }

    @AfterAll
    static void stop() {
        plain.close();
        tls.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ProbeResult probe(Protocol protocol, int port, String path, String grpcCodes) throws Exception {
        HealthCheck check = new HealthCheck(true, protocol, Integer.toString(port), path, 30, 10, 2, 2, grpcCodes, true);
        return prober.probe(new ProbeSpec("arn:group", new Target("127.0.0.1", 1), check)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theCallsGrpcStatusIsJudgedByTheGrpcCodes() throws Exception {
        assertThat(probe(Protocol.HTTP, plain.port(), "/test.Echo/Health", "0")).isEqualTo(ProbeResult.pass());
        Files.delete(serving);
        try {
            assertThat(probe(Protocol.HTTP, plain.port(), "/test.Echo/Health", "0"))
                    .isEqualTo(ProbeResult.responseCodeMismatch(14));
            assertThat(probe(Protocol.HTTP, plain.port(), "/test.Echo/Health", "0,13-14"))
                    .isEqualTo(ProbeResult.pass());
        } finally {
            Files.createFile(serving);
        }
    }

    @Test
    void awsDefaultPathAnswersUnimplementedWhichTheDefaultCodeAccepts() throws Exception {
        HealthCheck defaults = HealthCheck.grpcDefaults(Protocol.HTTP);
        assertThat(defaults.path()).isEqualTo("/AWS.ALB/healthcheck");
        assertThat(probe(Protocol.HTTP, plain.port(), defaults.path(), defaults.matcher()))
                .isEqualTo(ProbeResult.pass());
        assertThat(probe(Protocol.HTTP, plain.port(), defaults.path(), "0"))
                .isEqualTo(ProbeResult.responseCodeMismatch(12));
    }

    @Test
    void anHttpsCheckSpeaksH2ByAlpn() throws Exception {
        assertThat(probe(Protocol.HTTPS, tls.port(), "/test.Echo/Health", "0")).isEqualTo(ProbeResult.pass());
    }

    @Test
    void aTargetThatIsNotGrpcFailsTheCheck() throws Exception {
        try (TestTarget http = TestTarget.http(200)) {
            assertThat(probe(Protocol.HTTP, http.port(), "/test.Echo/Health", "0")).isEqualTo(ProbeResult.failed());
        }
        assertThat(probe(Protocol.HTTP, HealthProberTest.closedPort(), "/test.Echo/Health", "0"))
                .isEqualTo(ProbeResult.failed());
    }
}
