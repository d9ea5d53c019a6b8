package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * {@code access_logs.s3.enabled=true} on a network load balancer with a TLS listener, through the API of a real
 * server: real TLS connections (a JDK client with SNI and ALPN, and a client that speaks plaintext) to a real echo
 * target produce one line per connection in NLB's access log format, in files laid out as NLB's S3 keys, which the
 * test parses field by field.
 */
class NlbTlsAccessLogTest {
    /** One NLB access log line: the 22 fields of AWS's "Access log entries" page, space-separated. */
    private static final String[] NAMES = {"type", "version", "time", "elb", "listener", "client:port",
        "destination:port", "connection_time", "tls_handshake_time", "received_bytes", "sent_bytes",
        "incoming_tls_alert", "chosen_cert_arn", "chosen_cert_serial", "tls_cipher", "tls_protocol_version",
        "tls_named_group", "domain_name", "alpn_fe_protocol", "alpn_be_protocol", "alpn_client_preference_list",
        "tls_connection_creation_time"};
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d";

    @TempDir
    Path dataDir;

    @Test
    void writesOneNlbFormatLinePerTlsConnection() throws Exception {
        try (EchoTarget echo = new EchoTarget();
             ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            int port = ApiTestSupport.freePort();
            String certArn = ApiTestSupport.importCertificate(plane,
                    Files.createDirectories(dataDir.resolve("certs")), "logs.example");
            String lbArn = elb.createLoadBalancer(r -> r.name("tls-log-nlb").type(LoadBalancerTypeEnum.NETWORK))
                    .loadBalancers().get(0).loadBalancerArn();
            String groupArn = elb.createTargetGroup(r -> r.name("tls-log-tg").protocol(ProtocolEnum.TCP).port(80)
                    .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
            elb.registerTargets(r -> r.targetGroupArn(groupArn).targets(
                    TargetDescription.builder().id("127.0.0.1").port(echo.port()).build()));
            String listenerArn = elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.TLS)
                    .port(port).certificates(Certificate.builder().certificateArn(certArn).build())
                    .alpnPolicy("HTTP2Preferred")
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build()))
                    .listeners().get(0).listenerArn();
            elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn).attributes(
                    LoadBalancerAttribute.builder().key("access_logs.s3.enabled").value("true").build(),
                    LoadBalancerAttribute.builder().key("access_logs.s3.bucket").value("nlb-logs").build(),
                    LoadBalancerAttribute.builder().key("access_logs.s3.prefix").value("edge").build()));
            String lbHost = "127.0.0.1"; // the test server's bind address for internet-facing load balancers

            // a TLS connection with SNI and ALPN, 5 bytes each way through the echo target
            BigInteger serial;
            String cipher;
            try (SSLSocket tls = tlsClient(lbHost, port, "logs.example", "h2", "http/1.1")) {
                tls.startHandshake();
                assertThat(tls.getApplicationProtocol()).isEqualTo("h2");
                serial = ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSerialNumber();
                cipher = tls.getSession().getCipherSuite();
                tls.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(tls.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
                        .isEqualTo("hello");
            }
            // plaintext on the TLS port: the handshake fails, and the connection is logged all the same
            try (Socket plain = new Socket(lbHost, port)) {
                plain.setSoTimeout(10_000);
                plain.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(plain.getInputStream().read()).isEqualTo(-1);
            }

            Path logs = dataDir.resolve("access-logs");
            List<Map<String, String>> entries = awaitEntries(logs, 2);
            String lbId = lbArn.substring(lbArn.indexOf(":loadbalancer/") + 14);
            for (Map<String, String> e : entries) {
                assertThat(e.get("type")).isEqualTo("tls");
                assertThat(e.get("version")).isEqualTo("2.0");
                assertThat(e.get("time")).matches(TIME);
                assertThat(e.get("tls_connection_creation_time")).matches(TIME);
                assertThat(LocalDateTime.parse(e.get("tls_connection_creation_time")))
                        .isBeforeOrEqualTo(LocalDateTime.parse(e.get("time")));
                assertThat(e.get("elb")).isEqualTo(lbId);
                assertThat(e.get("listener")).isEqualTo(listenerArn.substring(listenerArn.lastIndexOf('/') + 1));
                assertThat(e.get("client:port")).matches(Pattern.quote(lbHost) + ":\\d+");
                assertThat(e.get("connection_time")).matches("\\d+");
                assertThat(e.get("incoming_tls_alert")).isEqualTo("-");
                assertThat(e.get("chosen_cert_arn")).isEqualTo("-");
                assertThat(e.get("tls_named_group")).isEqualTo("-");
                assertThat(e.get("alpn_be_protocol")).isEqualTo("-");
                assertThat(e.get("alpn_client_preference_list")).isEqualTo("-");
            }
            Map<String, String> relayed = entries.stream().filter(e -> !e.get("tls_handshake_time").equals("-"))
                    .findFirst().orElseThrow();
            assertThat(relayed.get("destination:port")).isEqualTo("127.0.0.1:" + echo.port());
            assertThat(relayed.get("tls_handshake_time")).matches("\\d+");
            assertThat(Long.parseLong(relayed.get("tls_handshake_time")))
                    .isLessThanOrEqualTo(Long.parseLong(relayed.get("connection_time")));
            assertThat(relayed.get("received_bytes")).isEqualTo("5"); // plaintext, after decryption
            assertThat(relayed.get("sent_bytes")).isEqualTo("5");
            assertThat(relayed.get("chosen_cert_serial")).isEqualTo(serial.toString(16));
            assertThat(relayed.get("tls_cipher")).matches("[A-Z0-9_-]+");
            assertThat(cipher).contains(relayed.get("tls_cipher").startsWith("TLS_")
                    ? relayed.get("tls_cipher") : "_WITH_");
            assertThat(relayed.get("tls_protocol_version")).matches("tlsv1[23]");
            assertThat(relayed.get("domain_name")).isEqualTo("logs.example");
            assertThat(relayed.get("alpn_fe_protocol")).isEqualTo("h2");

            Map<String, String> refused = entries.stream().filter(e -> e.get("tls_handshake_time").equals("-"))
                    .findFirst().orElseThrow();
            assertThat(refused.get("destination:port")).isEqualTo("-");
            assertThat(refused.get("received_bytes")).isEqualTo("0");
            assertThat(refused.get("sent_bytes")).isEqualTo("0");
            assertThat(refused.get("chosen_cert_serial")).isEqualTo("-");
            assertThat(refused.get("tls_cipher")).isEqualTo("-");
            assertThat(refused.get("tls_protocol_version")).isEqualTo("-");
            assertThat(refused.get("domain_name")).isEqualTo("-");
            assertThat(refused.get("alpn_fe_protocol")).isEqualTo("-");

            // the files: named as NLB names its S3 objects (no node address), under bucket/prefix/AWSLogs/...
            String[] arn = lbArn.split(":");
            Pattern name = Pattern.compile(Pattern.quote(arn[4] + "_elasticloadbalancing_" + arn[3]
                    + "_net.tls-log-nlb." + lbId.substring(lbId.lastIndexOf('/') + 1) + "_")
                    + "\\d{8}T\\d{2}(\\d{2})Z_[0-9a-f]+\\.log\\.gz");
            for (Path file : AccessLogFiles.logFiles(logs)) {
                Matcher m = name.matcher(file.getFileName().toString());
                assertThat(m.matches()).as(file.toString()).isTrue();
                assertThat(Integer.parseInt(m.group(1)) % 5).isZero();
                assertThat(logs.relativize(file.getParent()).toString()).matches("nlb-logs/edge/AWSLogs/" + arn[4]
                        + "/elasticloadbalancing/" + arn[3] + "/\\d{4}/\\d{2}/\\d{2}");
            }
        }
    }

    private static SSLSocket tlsClient(String host, int port, String serverName, String... alpn) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        // the test's certificate is self-signed; what is under test is the log, not the chain
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getByName(host), port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setApplicationProtocols(alpn);
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** The log files' {@code n} lines, split into their fields by NLB's names. */
    private static List<Map<String, String>> awaitEntries(Path logs, int n) throws Exception {
        List<Map<String, String>> entries = new ArrayList<>();
        for (String line : AccessLogFiles.awaitLines(logs, n)) {
            String[] fields = line.split(" ", -1);
            assertThat(fields).as("an NLB access log line: " + line).hasSize(NAMES.length);
            Map<String, String> entry = new LinkedHashMap<>();
            for (int i = 0; i < NAMES.length; i++) {
                entry.put(NAMES[i], fields[i]);
            }
            entries.add(entry);
        }
        return entries;
    }

    /** A TCP target that echoes what it reads on every connection, until the client closes. */
    private static final class EchoTarget implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::acceptLoop, "echo-target");

        EchoTarget() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> echo(s), "echo-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void echo(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the client went away: nothing to echo
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
