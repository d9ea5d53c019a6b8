package dev.ballast.proxy.l4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.ListenerTls;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.ServerCertificate;
import dev.ballast.proxy.tls.BackgroundProcess;
import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.proxy.tls.TestCertificates;
import dev.ballast.proxy.tls.TlsFrontend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners of network load balancers with real clients and targets: redis-cli over TLS through the listener to
 * a plain redis-server (TLS terminated, TCP forwarded), and to a TLS target group (TLS again towards the target).
 */
class NetworkTlsListenerTest {
    private static final String CERT = "arn:aws:acm:us-east-1:000000000000:certificate/nlb";

    @TempDir
    Path dir;
    private final L4Fixture nlb = new L4Fixture();
    private BackgroundProcess target;

    @AfterEach
    void stop() {
        nlb.proxy.close();
        if (target != null) {
            target.close();
        }
    }

    private TestCertificates.Pem tlsListener() {
        TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "redis.example.test");
        nlb.protocol = Protocol.TLS;
        nlb.tls = new ListenerTls(List.of(CERT), "ELBSecurityPolicy-TLS13-1-2-2021-06", List.of("TLSv1.3", "TLSv1.2"),
                List.of("TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"), List.of());
        nlb.certificates = List.of(new ServerCertificate(CERT, pem.certificate(), pem.privateKey(), pem.names(),
                System.currentTimeMillis() + 86_400_000L));
        return pem;
    }

    @Test
    void redisCliOverTlsReachesAPlainRedisThroughTheListener() {
        TestCertificates.Pem pem = tlsListener();
        nlb.groupProtocolOverride = Protocol.TCP;
        int redisPort = L4Fixture.freePort();
        target = BackgroundProcess.startListening(dir, redisPort, List.of("redis-server", "--port",
                String.valueOf(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        nlb.publish(List.of(L4Fixture.target(redisPort)));

        CommandLine.Result set = redis(pem, "SET", "greeting", "hello-over-tls");
        assertThat(set.output()).as(set.output()).contains("OK");
        CommandLine.Result get = redis(pem, "GET", "greeting");
        assertThat(get.output()).as(get.output()).contains("hello-over-tls");
        assertThat(nlb.proxy.counters().get(TlsFrontend.HANDSHAKES)).isEqualTo(2);
    }

    @Test
    void aTlsTargetGroupGetsTlsAgainWithoutVerification() {
        TestCertificates.Pem pem = tlsListener();
        nlb.groupProtocolOverride = Protocol.TLS;
        TestCertificates.Pem targetCert = TestCertificates.selfSigned(dir, "target.internal");
        int redisPort = L4Fixture.freePort();
        target = BackgroundProcess.startListening(dir, redisPort, List.of("redis-server", "--port", "0",
                "--tls-port", String.valueOf(redisPort), "--tls-cert-file", targetCert.certificateFile().toString(),
                "--tls-key-file", keyFile(targetCert).toString(), "--tls-auth-clients", "no", "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"));
        nlb.publish(List.of(L4Fixture.target(redisPort)));

        CommandLine.Result ping = redis(pem, "PING");
        assertThat(ping.output()).as(ping.output()).contains("PONG");
    }

    @Test
    void plaintextOnTheTlsPortIsCountedAndNoTargetIsConnected() throws Exception {
        tlsListener();
        nlb.groupProtocolOverride = Protocol.TCP;
        nlb.publish(List.of(L4Fixture.target(L4Fixture.freePort())));

        CommandLine.Result plain = CommandLine.run(dir, Duration.ofSeconds(20), "", List.of("redis-cli", "-h",
                "127.0.0.1", "-p", String.valueOf(nlb.port), "PING"));
        assertThat(plain.output()).doesNotContain("PONG");
        assertThat(nlb.proxy.counters().get(TlsFrontend.PLAINTEXT)).isEqualTo(1);
        assertThat(nlb.proxy.counters().get("l4.tcp.accepted")).isZero();
    }

    private Path keyFile(TestCertificates.Pem pem) {
        try {
            Path key = dir.resolve("target.key");
            java.nio.file.Files.writeString(key, pem.privateKey());
            return key;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CommandLine.Result redis(TestCertificates.Pem trusted, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("redis-cli", "--tls", "--sni", "redis.example.test",
                "--cacert", trusted.certificateFile().toString(), "-h", "127.0.0.1", "-p", String.valueOf(nlb.port)));
        args.addAll(List.of(command));
        return CommandLine.run(dir, Duration.ofSeconds(20), "", args);
    }
}
