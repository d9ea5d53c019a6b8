package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.AccessLog;
import software.amazon.awssdk.services.elasticloadbalancing.model.ElasticLoadBalancingException;
import software.amazon.awssdk.services.elasticloadbalancing.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.model.Listener;

/**
 * A Classic Load Balancer's access logs ("Access logs for your Classic Load Balancer", Elastic Load Balancing guide)
 * through ModifyLoadBalancerAttributes on a real server: a request through its HTTP listener and a connection
 * through its TCP listener, to a real instance, produce one entry each in Classic's syntax (15 fields in AWS's order,
 * parsed field by field here), in a plain-text file named and laid out as Classic's S3 keys, one file per
 * EmitInterval; a bucket that would leave the data directory is refused and changes nothing.
 */
@Timeout(60)
class ClassicAccessLogTest {
    private static final String Q = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    /** One Classic entry: timestamp elb client:port backend:port 3 times 2 codes 2 byte counts "request" "ua" 2 ssl. */
    private static final Pattern ENTRY = Pattern.compile(String.join(" ", "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)",
            "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)", "(\\d+)", "(\\d+)", Q, Q, "(\\S+)", "(\\S+)"));
    private static final String[] NAMES = {"timestamp", "elb", "client:port", "backend:port",
        "request_processing_time", "backend_processing_time", "response_processing_time", "elb_status_code",
        "backend_status_code", "received_bytes", "sent_bytes", "request", "user_agent", "ssl_cipher",
        "ssl_protocol"};
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
    private static final String SECONDS = "\\d+\\.\\d{6}";

    @TempDir
    Path dataDir;

    @Test
    void httpAndTcpListenersWriteClassicEntriesToClassicFilesEveryEmitInterval() throws Exception {
        HttpServer instance = ApiTestSupport.target("classic-instance");
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingClient elb = ClassicSdkTest.client(plane.apiAddress())) {
            int instancePort = instance.getAddress().getPort();
            int httpPort = Http.freePort();
            int tcpPort = Http.freePort();
            elb.createLoadBalancer(b -> b.loadBalancerName("logged-clb").availabilityZones("us-east-1a").listeners(
                    Listener.builder().protocol("HTTP").loadBalancerPort(httpPort).instanceProtocol("HTTP")
                            .instancePort(instancePort).build(),
                    Listener.builder().protocol("TCP").loadBalancerPort(tcpPort).instanceProtocol("TCP")
                            .instancePort(instancePort).build()));
            elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("logged-clb")
                    .instances(Instance.builder().instanceId("127.0.0.1").build()));

            // a bucket that would leave the log folder: refused, and logging stays off
            assertThatThrownBy(() -> elb.modifyLoadBalancerAttributes(b -> b.loadBalancerName("logged-clb")
                    .loadBalancerAttributes(a -> a.accessLog(AccessLog.builder().enabled(true)
                            .s3BucketName("../outside").build()))))
                    .isInstanceOfSatisfying(ElasticLoadBalancingException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidConfigurationRequest");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith(
                                "AccessLog.S3BucketName: ../outside (expected: an S3 bucket name");
                    });
            assertThat(elb.describeLoadBalancerAttributes(b -> b.loadBalancerName("logged-clb"))
                    .loadBalancerAttributes().accessLog().enabled()).isFalse();

            elb.modifyLoadBalancerAttributes(b -> b.loadBalancerName("logged-clb").loadBalancerAttributes(a -> a
                    .accessLog(AccessLog.builder().enabled(true).s3BucketName("classic-logs").s3BucketPrefix("edge")
                            .emitInterval(5).build())));
            String httpRequest = "GET /page?x=1 HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: classic-test/1.0\r\n"
                    + "Connection: close\r\n\r\n";
            assertThat(exchange(httpPort, httpRequest)).startsWith("HTTP/1.1 200");
            String tcpRequest = "GET /over-tcp HTTP/1.1\r\nHost: tcp.example\r\nConnection: close\r\n\r\n";
            String tcpAnswer = exchange(tcpPort, tcpRequest);
            assertThat(tcpAnswer).startsWith("HTTP/1.1 200").endsWith("classic-instance");

            Path logs = dataDir.resolve("access-logs");
            Map<Path, List<String>> files = awaitFiles(logs, 2);
            // one file per node and 5 minutes (two when the requests straddled a boundary)
            assertThat(files).hasSizeBetween(1, 2);
            List<Map<String, String>> entries = new ArrayList<>();
            for (Map.Entry<Path, List<String>> f : files.entrySet()) {
                Path file = f.getKey();
                Matcher name = Pattern.compile("(\\d{12})_elasticloadbalancing_us-east-1_logged-clb_"
                        + "(\\d{8}T\\d{4}Z)_127\\.0\\.0\\.1_[0-9a-z]+\\.log").matcher(file.getFileName().toString());
                assertThat(name.matches()).as(file.getFileName().toString()).isTrue();
                assertThat(logs.relativize(file.getParent()).toString()).matches("classic-logs/edge/AWSLogs/"
                        + name.group(1) + "/elasticloadbalancing/us-east-1/\\d{4}/\\d\\d/\\d\\d");
                // EmitInterval 5: the file's end time is a 5-minute boundary after each of its entries
                Instant end = Instant.parse(name.group(2).replaceAll("(\\d{4})(\\d\\d)(\\d\\d)T(\\d\\d)(\\d\\d)Z",
                        "$1-$2-$3T$4:$5:00Z"));
                assertThat(end.getEpochSecond() % 300).isZero();
                for (String line : f.getValue()) {
                    Map<String, String> entry = parse(line);
                    assertThat(Instant.parse(entry.get("timestamp"))).isBefore(end)
                            .isAfterOrEqualTo(end.minusSeconds(300));
                    entries.add(entry);
                }
            }
            String backend = "127.0.0.1:" + instancePort;
            Map<String, String> http = entries.stream().filter(e -> e.get("request").startsWith("GET http"))
                    .findFirst().orElseThrow();
            Map<String, String> tcp = entries.stream().filter(e -> e.get("request").equals("- - - "))
                    .findFirst().orElseThrow();
            for (Map<String, String> e : entries) {
                assertThat(e.get("timestamp")).matches(TIME);
                assertThat(Instant.parse(e.get("timestamp"))).isBefore(Instant.now().plusSeconds(1));
                assertThat(e.get("elb")).isEqualTo("logged-clb");
                assertThat(e.get("client:port")).matches("127\\.0\\.0\\.1:\\d+");
                assertThat(e.get("backend:port")).isEqualTo(backend);
                assertThat(e.get("request_processing_time")).matches(SECONDS);
                assertThat(e.get("backend_processing_time")).matches(SECONDS);
                assertThat(e.get("response_processing_time")).matches(SECONDS);
                assertThat(e.get("ssl_cipher")).isEqualTo("-");
                assertThat(e.get("ssl_protocol")).isEqualTo("-");
                assertThat(Long.parseLong(e.get("sent_bytes"))).isPositive();
            }
            assertThat(http.get("elb_status_code")).isEqualTo("200");
            assertThat(http.get("backend_status_code")).isEqualTo("200");
            assertThat(http.get("received_bytes"))
                    .isEqualTo(String.valueOf(httpRequest.getBytes(StandardCharsets.US_ASCII).length));
            assertThat(http.get("request")).isEqualTo("GET http://shop.example:" + httpPort + "/page?x=1 HTTP/1.1");
            assertThat(http.get("user_agent")).isEqualTo("classic-test/1.0");

            assertThat(tcp.get("elb_status_code")).isEqualTo("-");
            assertThat(tcp.get("backend_status_code")).isEqualTo("-");
            assertThat(tcp.get("received_bytes"))
                    .isEqualTo(String.valueOf(tcpRequest.getBytes(StandardCharsets.US_ASCII).length));
            assertThat(tcp.get("sent_bytes"))
                    .isEqualTo(String.valueOf(tcpAnswer.getBytes(StandardCharsets.ISO_8859_1).length));
            assertThat(tcp.get("user_agent")).isEqualTo("-");
        } finally {
            instance.stop(0);
        }
    }

    /** The fields of one entry by AWS's names; fails when the line is not Classic's syntax. */
    private static Map<String, String> parse(String line) {
        Matcher m = ENTRY.matcher(line);
        assertThat(m.matches()).as("a Classic access log entry: " + line).isTrue();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            out.put(NAMES[i], m.group(i + 1));
        }
        return out;
    }

    /** One request on a new connection to {@code port}, written whole; the whole answer, read until the close. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Polls the {@code .log} files under {@code logs} until they hold {@code n} entries; their lines by file. */
    private static Map<Path, List<String>> awaitFiles(Path logs, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Map<Path, List<String>> out = new LinkedHashMap<>();
            int count = 0;
            if (Files.isDirectory(logs)) {
                try (Stream<Path> walk = Files.walk(logs)) {
                    for (Path file : walk.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                        // whole lines only: the writer may be appending right now
                        String text = Files.readString(file, StandardCharsets.UTF_8);
                        List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
                        out.put(file, lines);
                        count += lines.size();
                    }
                }
            }
            if (count >= n || System.nanoTime() > deadline) {
                assertThat(count).as("entries written").isEqualTo(n);
                return out;
            }
            Thread.sleep(50); // polling files written by another thread, with a deadline
        }
    }
}
