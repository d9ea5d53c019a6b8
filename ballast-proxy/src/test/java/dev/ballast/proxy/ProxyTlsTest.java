package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.ListenerTls;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.ServerCertificate;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.proxy.tls.BackgroundProcess;
import dev.ballast.proxy.tls.CertificateSelector;
import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.proxy.tls.TestCertificates;
import dev.ballast.proxy.tls.TlsFrontend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS listeners with real clients (curl, openssl s_client, the JDK's TLS): certificates chosen by SNI, security
 * policies enforced, rotation under the same ARN, session resumption and what a TLS port does with bad clients.
 */
class ProxyTlsTest extends ProxyTestBase {
    private static final String DEFAULT_POLICY_PROTOCOLS = "TLSv1.3,TLSv1.2";
    private static final List<String> TLS13 = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    private static final List<String> TLS12 = List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384");
    private static final String CERT_A = "arn:aws:acm:us-east-1:123456789012:certificate/aaaa";
    private static final String CERT_WILD = "arn:aws:acm:us-east-1:123456789012:certificate/wild";
    private static final String CERT_DEFAULT = "arn:aws:acm:us-east-1:123456789012:certificate/default";

    @TempDir
    Path dir;
    private EchoTarget target;
    private TestCertificates.Pem a;
    private TestCertificates.Pem wild;
    private TestCertificates.Pem fallback;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        target = target("t1");
        a = TestCertificates.selfSigned(dir, "a.example.test");
        wild = TestCertificates.selfSignedEc(dir, "*.wild.example.test");
        fallback = TestCertificates.selfSigned(dir, "default.example.test");
        port = Fixtures.freePort();
    }

    private ConfigSnapshot https(long revision, ListenerTls tls, ServerCertificate... certificates) {
        return https(revision, tls, Fixtures.group("tg", Fixtures.target(target.port())), certificates);
    }

    private ConfigSnapshot https(long revision, ListenerTls tls, TargetGroup group,
                                 ServerCertificate... certificates) {
        Listener listener = new Listener(Fixtures.LISTENER_ARN, Fixtures.LB_ARN, Protocol.HTTPS, port,
                Action.Forward.to(group.arn()), List.of(), Map.of(), tls);
        return new ConfigSnapshot(revision, List.of(Fixtures.loadBalancer(Map.of())), List.of(listener),
                List.of(group), TargetAddresses.none(), List.of(certificates));
    }

    private static ServerCertificate certificate(String arn, TestCertificates.Pem pem) {
        return new ServerCertificate(arn, pem.certificate(), pem.privateKey(), pem.names(),
                System.currentTimeMillis() + Duration.ofDays(30).toMillis());
    }

    private static ListenerTls policy(List<String> protocols, List<String> ciphers, String... arns) {
        return new ListenerTls(List.of(arns), "test-policy", protocols, ciphers, List.of());
    }

    private ConfigSnapshot threeCertificates() {
        return https(1, policy(List.of("TLSv1.3", "TLSv1.2"), concat(TLS13, TLS12), CERT_DEFAULT, CERT_A, CERT_WILD),
                certificate(CERT_DEFAULT, fallback), certificate(CERT_A, a), certificate(CERT_WILD, wild));
    }

    private CommandLine.Result curl(String host, TestCertificates.Pem trusted, String... extra) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert",
                trusted.certificateFile().toString(), "--resolve", host + ":" + port + ":127.0.0.1"));
        command.addAll(List.of(extra));
        command.add("https://" + host + ":" + port + "/hello");
        return CommandLine.run(dir, Duration.ofSeconds(20), "", command);
    }

    private CommandLine.Result sClient(String... options) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(List.of(options));
        return CommandLine.run(dir, Duration.ofSeconds(20), "", command);
    }

    @Test
    void curlGetsTheCertificateOfEachServerNameAndTheRequestIsForwardedAsHttps() {
        start(threeCertificates());

        // curl trusts only the one certificate it is given: success proves which one the listener presented.
        CommandLine.Result exact = curl("a.example.test", a);
        assertThat(exact.exitCode()).as(exact.output()).isZero();
        assertThat(exact.output()).contains("target=t1", "x-forwarded-proto: https", "x-forwarded-port: " + port);

        CommandLine.Result wildcard = curl("api.wild.example.test", wild);
        assertThat(wildcard.exitCode()).as(wildcard.output()).isZero();
        assertThat(wildcard.output()).contains("target=t1");

        CommandLine.Result wrongTrust = curl("a.example.test", wild);
        assertThat(wrongTrust.exitCode()).as(wrongTrust.output()).isNotZero();
        assertThat(proxy.counters().get(CertificateSelector.SNI_UNKNOWN)).isZero();
    }

    @Test
    void anUnknownServerNameOrNoneGetsTheDefaultCertificateAndIsCounted() {
        start(threeCertificates());

        CommandLine.Result unknown = sClient("-servername", "other.example.test");
        assertThat(unknown.output()).contains("subject=CN = default.example.test");
        // a wildcard covers one label only, as in AWS's matching
        CommandLine.Result deeper = sClient("-servername", "a.b.wild.example.test");
        assertThat(deeper.output()).contains("subject=CN = default.example.test");
        CommandLine.Result none = sClient("-noservername");
        assertThat(none.output()).contains("subject=CN = default.example.test");
        assertThat(proxy.counters().get(CertificateSelector.SNI_UNKNOWN)).isEqualTo(2);

        CommandLine.Result exact = sClient("-servername", "A.Example.Test");
        assertThat(exact.output()).contains("subject=CN = a.example.test");
    }

    @Test
    void aProtocolVersionOutsideThePolicyIsRefused() {
        start(https(1, policy(List.of("TLSv1.3", "TLSv1.2"), concat(TLS13, TLS12), CERT_A),
                certificate(CERT_A, a)));

        CommandLine.Result tls11 = sClient("-servername", "a.example.test", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(tls11.exitCode()).as(tls11.output()).isNotZero();
        assertThat(tls11.output()).doesNotContain("Cipher is ECDHE");
        CommandLine.Result tls12 = sClient("-servername", "a.example.test", "-tls1_2");
        assertThat(tls12.output()).contains("Protocol  : TLSv1.2");
        assertThat(proxy.counters().get(TlsFrontend.HANDSHAKE_FAILURES)).isEqualTo(1);
    }

    @Test
    void theSamePolicyWithTls11AllowedAcceptsTls11() {
        // The control for the test above: this client can speak TLS 1.1 when a policy (ELBSecurityPolicy-2016-08)
        // allows it, so the refusal above is the policy's doing.
        start(https(1, policy(List.of("TLSv1", "TLSv1.1", "TLSv1.2"), List.of("ECDHE-RSA-AES128-SHA",
                "ECDHE-RSA-AES128-GCM-SHA256"), CERT_A), certificate(CERT_A, a)));

        CommandLine.Result tls11 = sClient("-servername", "a.example.test", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(tls11.output()).contains("Protocol  : TLSv1.1");
    }

    @Test
    void aCipherOutsideThePolicyIsRefused() {
        // ELBSecurityPolicy-TLS13-1-2-Res-2021-06: TLS 1.2 with the AES-128-GCM ECDHE suites only
        start(https(1, policy(List.of("TLSv1.3", "TLSv1.2"), concat(TLS13, List.of("ECDHE-ECDSA-AES128-GCM-SHA256",
                "ECDHE-RSA-AES128-GCM-SHA256")), CERT_A), certificate(CERT_A, a)));

        CommandLine.Result outside = sClient("-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384");
        assertThat(outside.exitCode()).as(outside.output()).isNotZero();
        CommandLine.Result inside = sClient("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(inside.output()).contains("Cipher    : ECDHE-RSA-AES128-GCM-SHA256");
    }

    @Test
    void aResumedSessionSkipsTheFullHandshake() {
        start(threeCertificates());
        String session = dir.resolve("session.pem").toString();

        CommandLine.Result first = sClient("-servername", "a.example.test", "-tls1_2", "-sess_out", session);
        assertThat(first.output()).contains("New, TLSv1.2");
        CommandLine.Result second = sClient("-servername", "a.example.test", "-tls1_2", "-sess_in", session);
        assertThat(second.output()).contains("Reused, TLSv1.2");
    }

    @Test
    void plaintextOnTheTlsPortIsCountedAndClosed() throws Exception {
        start(threeCertificates());

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        Await.until("plaintext counted", Duration.ofSeconds(5), () -> proxy.counters().get(TlsFrontend.PLAINTEXT) == 1);
        // the listener still serves TLS afterwards
        assertThat(curl("a.example.test", a).output()).contains("target=t1");
    }

    @Test
    void aReimportedCertificateReachesNewHandshakesAndTheOpenConnectionKeepsWorking() throws Exception {
        start(threeCertificates());
        try (SSLSocket before = trustingSocket("a.example.test")) {
            assertThat(cn(before)).isEqualTo("CN=a.example.test");
            assertThat(get(before)).contains("target=t1");

            TestCertificates.Pem rotated = TestCertificates.selfSigned(dir, "a.example.test", "rotated.example.test");
            proxy.apply(https(2, policy(List.of("TLSv1.3", "TLSv1.2"), concat(TLS13, TLS12), CERT_DEFAULT, CERT_A,
                    CERT_WILD), certificate(CERT_DEFAULT, fallback), certificate(CERT_A, rotated),
                    certificate(CERT_WILD, wild)));

            CommandLine.Result fresh = curl("a.example.test", rotated);
            assertThat(fresh.exitCode()).as(fresh.output()).isZero();
            // the keep-alive connection opened before the rotation still answers on its old session
            assertThat(get(before)).contains("target=t1");
        }
    }

    @Test
    void anHttpsTargetGroupIsReachedOverTlsWithoutVerifyingTheTarget() throws Exception {
        // openssl s_server -www answers any GET over TLS with a page describing the session: a real HTTPS target
        TestCertificates.Pem targetCert = TestCertificates.selfSigned(dir, "target.internal");
        Path key = dir.resolve("target.key");
        Files.writeString(key, targetCert.privateKey());
        int targetPort = Fixtures.freePort();
        try (BackgroundProcess server = BackgroundProcess.startListening(dir, targetPort, List.of("openssl",
                "s_server", "-accept", "127.0.0.1:" + targetPort, "-cert", targetCert.certificateFile().toString(),
                "-key", key.toString(), "-www"))) {
            TargetGroup group = new TargetGroup(Fixtures.groupArn("tls-tg"), "tls-tg", Protocol.HTTPS, 443,
                    dev.ballast.core.model.TargetType.IP, dev.ballast.core.model.HealthCheck.defaultsFor(Protocol.HTTPS,
                    dev.ballast.core.model.LoadBalancerType.APPLICATION), null,
                    List.of(Fixtures.target(targetPort)));
            start(https(1, policy(List.of("TLSv1.3", "TLSv1.2"), concat(TLS13, TLS12), CERT_A), group,
                    certificate(CERT_A, a)));

            CommandLine.Result page = curl("a.example.test", a);
            assertThat(page.exitCode()).as(page.output()).isZero();
            assertThat(page.output()).contains("s_server", "Ciphers supported");
        }
    }

    private SSLSocket trustingSocket(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        var parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static String cn(SSLSocket socket) throws Exception {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    /** One keep-alive GET on {@code socket}; returns the body (the target's echo, Content-Length framed). */
    private static String get(SSLSocket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write("GET /hello HTTP/1.1\r\nHost: a.example.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        int length = -1;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            read += in.read(body, read, length - read);
        }
        return new String(body);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> out = new ArrayList<>(first);
        out.addAll(second);
        return out;
    }

    /** Trusts any server certificate: these tests check which certificate was presented, not its chain. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
