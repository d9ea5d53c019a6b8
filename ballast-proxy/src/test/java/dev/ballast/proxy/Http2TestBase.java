package dev.ballast.proxy;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.ListenerTls;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Rule;
import dev.ballast.core.model.ServerCertificate;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.proxy.tls.TestCertificates;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a proxy with one HTTPS listener (ALPN h2 and http/1.1) holding two certificates, {@code a.example} (the
 * default) and {@code b.example}, chosen by SNI; and runs curl against it.
 */
abstract class Http2TestBase extends ProxyTestBase {
    private static final String CERT_A = "arn:aws:acm:us-east-1:123456789012:certificate/a";
    private static final String CERT_B = "arn:aws:acm:us-east-1:123456789012:certificate/b";

    @TempDir
    Path dir;
    protected int port;

    protected InetSocketAddress https(Map<String, String> lbAttributes, List<Rule> rules, TargetGroup group) {
        port = Fixtures.freePort();
        TestCertificates.Pem a = TestCertificates.selfSignedEc(dir, "a.example");
        TestCertificates.Pem b = TestCertificates.selfSignedEc(dir, "b.example");
        ListenerTls tls = new ListenerTls(List.of(CERT_A, CERT_B), "ELBSecurityPolicy-TLS13-1-2-2021-06",
                List.of("TLSv1.3", "TLSv1.2"), List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"),
                List.of());
        Listener listener = new Listener(Fixtures.LISTENER_ARN, Fixtures.LB_ARN, Protocol.HTTPS, port,
                Action.Forward.to(group.arn()), rules, Map.of(), tls);
        long notAfter = System.currentTimeMillis() + Duration.ofDays(30).toMillis();
        return start(new ConfigSnapshot(1, List.of(Fixtures.loadBalancer(lbAttributes)), List.of(listener),
                List.of(group), TargetAddresses.none(), List.of(
                        new ServerCertificate(CERT_A, a.certificate(), a.privateKey(), a.names(), notAfter),
                        new ServerCertificate(CERT_B, b.certificate(), b.privateKey(), b.names(), notAfter))));
    }

    protected InetSocketAddress https(TargetGroup group) {
        return https(Map.of(), List.of(), group);
    }

    protected String url(String host, String path) {
        return "https://" + host + ":" + port + path;
    }

    /** Runs curl with {@code args} (and {@code -k}, {@code --resolve} for both names) and returns what it printed. */
    protected CommandLine.Result curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "20",
                "--resolve", "a.example:" + port + ":127.0.0.1", "--resolve", "b.example:" + port + ":127.0.0.1"));
        command.addAll(List.of(args));
        return CommandLine.run(dir, Duration.ofSeconds(30), "", command);
    }

    /** Fetches {@code path} with curl over HTTP/2 and returns the status code and HTTP version curl saw. */
    protected String curlStatus(String path) {
        return curl("--http2", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", url("a.example", path))
                .output();
    }
}
