package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.FixedResponseActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * {@code access_logs.s3.enabled=true} through the API of a real server: requests through a real application load
 * balancer (forwarded to a real target, a fixed response, a redirect, a 502 from a target that hangs up, a 503 from an
 * empty target group) produce gzip files laid out as ALB's S3 keys, which the test parses field by field; turning the
 * attribute off and on takes effect at once; a bucket or prefix that would leave the data directory is refused.
 */
class AccessLogTest {
    private static final String Q = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    /**
     * One ALB access log line, the 30 fields in AWS's order; quoted fields may hold {@code \"}. Written from the field
     * list of AWS's "Access log entries" page.
     */
    private static final Pattern LINE = Pattern.compile(String.join(" ",
            "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)", "(\\S+)",
            "(\\d+)", "(\\d+)", Q, Q, "(\\S+)", "(\\S+)", "(\\S+)", Q, Q, Q, "(\\S+)", "(\\S+)", Q, Q, Q, Q, Q, Q, Q,
            "(\\S+)"));
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
    private static final String SECONDS = "\\d+\\.\\d{3}";

    @TempDir
    Path dataDir;

    /** The parsed fields of one line, by AWS's names. */
    private record Entry(Map<String, String> fields) {
        String get(String name) {
            assertThat(fields).containsKey(name);
            return fields.get(name);
        }
    }

    private static final String[] NAMES = {"type", "time", "elb", "client:port", "target:port",
        "request_processing_time", "target_processing_time", "response_processing_time", "elb_status_code",
        "target_status_code", "received_bytes", "sent_bytes", "request", "user_agent", "ssl_cipher", "ssl_protocol",
        "target_group_arn", "trace_id", "domain_name", "chosen_cert_arn", "matched_rule_priority",
        "request_creation_time", "actions_executed", "redirect_url", "error_reason", "target:port_list",
        "target_status_code_list", "classification", "classification_reason", "conn_trace_id"};

    @Test
    void writesAlbFormatFilesForEveryKindOfAnswerAndFollowsTheAttributeLive() throws Exception {
        HttpServer target = ApiTestSupport.target("logged");
        try (HangingUpTarget hangsUp = new HangingUpTarget();
             ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            int port = ApiTestSupport.freePort();
            String lbArn = elb.createLoadBalancer(r -> r.name("access-lb")).loadBalancers().get(0).loadBalancerArn();
            String mainArn = group(elb, "access-main", target.getAddress().getPort());
            String brokenArn = group(elb, "access-broken", hangsUp.port());
            String emptyArn = elb.createTargetGroup(r -> r.name("access-empty").protocol(ProtocolEnum.HTTP).port(80)
                    .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
            String listenerArn = elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP)
                    .port(port).defaultActions(forward(mainArn))).listeners().get(0).listenerArn();
            rule(elb, listenerArn, 1, "/fixed", Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                    .fixedResponseConfig(FixedResponseActionConfig.builder().statusCode("200")
                            .contentType("text/plain").messageBody("fixed").build()).build());
            rule(elb, listenerArn, 2, "/redirect", Action.builder().type(ActionTypeEnum.REDIRECT)
                    .redirectConfig(RedirectActionConfig.builder().path("/elsewhere")
                            .statusCode(RedirectActionStatusCodeEnum.HTTP_301).build()).build());
            rule(elb, listenerArn, 3, "/broken", forward(brokenArn));
            rule(elb, listenerArn, 4, "/empty", forward(emptyArn));
            ApiTestSupport.awaitAllHealthy(elb, mainArn, 1);
            setAttributes(elb, lbArn, "true", "my-logs", "team/app");

            String forwardRequest = "GET /?q=1 HTTP/1.1\r\nHost: logs.example\r\nUser-Agent: test \"agent\"/1.0\r\n"
                    + "Connection: close\r\n\r\n";
            assertThat(send(port, forwardRequest)).startsWith("HTTP/1.1 200");
            assertThat(send(port, get("/fixed"))).startsWith("HTTP/1.1 200");
            assertThat(send(port, get("/redirect"))).startsWith("HTTP/1.1 301");
            assertThat(send(port, get("/broken"))).startsWith("HTTP/1.1 502");
            assertThat(send(port, get("/empty"))).startsWith("HTTP/1.1 503");

            Path logs = dataDir.resolve("access-logs");
            List<Entry> entries = awaitEntries(logs, 5);
            String lbId = lbArn.substring(lbArn.indexOf(":loadbalancer/") + 14);
            for (Entry e : entries) {
                assertThat(e.get("type")).isEqualTo("http");
                assertThat(e.get("time")).matches(TIME);
                assertThat(e.get("request_creation_time")).matches(TIME);
                assertThat(Instant.parse(e.get("request_creation_time")))
                        .isBeforeOrEqualTo(Instant.parse(e.get("time")));
                assertThat(e.get("elb")).isEqualTo(lbId);
                assertThat(e.get("client:port")).matches("127\\.0\\.0\\.1:\\d+");
                assertThat(e.get("ssl_cipher")).isEqualTo("-");
                assertThat(e.get("ssl_protocol")).isEqualTo("-");
                assertThat(e.get("domain_name")).isEqualTo("-");
                assertThat(e.get("chosen_cert_arn")).isEqualTo("-");
                assertThat(e.get("error_reason")).isEqualTo("-");
                assertThat(e.get("classification")).isEqualTo("-");
                assertThat(e.get("classification_reason")).isEqualTo("-");
                assertThat(e.get("conn_trace_id")).matches("TID_[0-9a-f]+");
                assertThat(Long.parseLong(e.get("sent_bytes"))).isPositive();
            }

            Entry forwarded = entries.get(0);
            String targetAddress = "127.0.0.1:" + target.getAddress().getPort();
            assertThat(forwarded.get("target:port")).isEqualTo(targetAddress);
            assertThat(forwarded.get("request_processing_time")).matches(SECONDS);
            assertThat(forwarded.get("target_processing_time")).matches(SECONDS);
            assertThat(forwarded.get("response_processing_time")).matches(SECONDS);
            assertThat(forwarded.get("elb_status_code")).isEqualTo("200");
            assertThat(forwarded.get("target_status_code")).isEqualTo("200");
            assertThat(forwarded.get("received_bytes"))
                    .isEqualTo(String.valueOf(forwardRequest.getBytes(StandardCharsets.US_ASCII).length));
            assertThat(forwarded.get("request")).isEqualTo("GET http://logs.example:" + port + "/?q=1 HTTP/1.1");
            assertThat(forwarded.get("user_agent")).isEqualTo("test \\\"agent\\\"/1.0");
            assertThat(forwarded.get("target_group_arn")).isEqualTo(mainArn);
            assertThat(forwarded.get("trace_id")).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
            assertThat(forwarded.get("matched_rule_priority")).isEqualTo("0");
            assertThat(forwarded.get("actions_executed")).isEqualTo("forward");
            assertThat(forwarded.get("redirect_url")).isEqualTo("-");
            assertThat(forwarded.get("target:port_list")).isEqualTo(targetAddress);
            assertThat(forwarded.get("target_status_code_list")).isEqualTo("200");

            Entry fixed = entries.get(1);
            assertLocal(fixed, "200", "1", "fixed-response", "-");
            assertThat(fixed.get("request")).isEqualTo("GET http://logs.example:" + port + "/fixed HTTP/1.1");
            assertThat(fixed.get("user_agent")).isEqualTo("-");

            Entry redirect = entries.get(2);
            assertLocal(redirect, "301", "2", "redirect", "-");
            assertThat(redirect.get("redirect_url")).isEqualTo("http://logs.example:" + port + "/elsewhere");

            Entry badGateway = entries.get(3);
            String brokenAddress = "127.0.0.1:" + hangsUp.port();
            assertThat(badGateway.get("target:port")).isEqualTo(brokenAddress);
            assertThat(badGateway.get("request_processing_time")).matches(SECONDS);
            assertThat(badGateway.get("target_processing_time")).isEqualTo("-1");
            assertThat(badGateway.get("response_processing_time")).isEqualTo("-1");
            assertThat(badGateway.get("elb_status_code")).isEqualTo("502");
            assertThat(badGateway.get("target_status_code")).isEqualTo("-");
            assertThat(badGateway.get("target_group_arn")).isEqualTo(brokenArn);
            assertThat(badGateway.get("matched_rule_priority")).isEqualTo("3");
            assertThat(badGateway.get("actions_executed")).isEqualTo("forward");
            assertThat(badGateway.get("target:port_list")).isEqualTo(brokenAddress);
            assertThat(badGateway.get("target_status_code_list")).isEqualTo("-");

            Entry unavailable = entries.get(4);
            assertLocal(unavailable, "503", "4", "forward", emptyArn);

            // the files: one 5-minute window of this node, named as ALB names its S3 objects
            List<Path> files = AccessLogFiles.logFiles(logs);
            String[] arn = lbArn.split(":");
            Pattern name = Pattern.compile(Pattern.quote(arn[4] + "_elasticloadbalancing_" + arn[3] + "_app.access-lb."
                    + lbId.substring(lbId.lastIndexOf('/') + 1) + "_") + "(\\d{8}T\\d{2}(\\d{2})Z)_127\\.0\\.0\\.1_"
                    + "[0-9a-f]+\\.log\\.gz");
            for (Path file : files) {
                Matcher m = name.matcher(file.getFileName().toString());
                assertThat(m.matches()).as(file.toString()).isTrue();
                assertThat(Integer.parseInt(m.group(2)) % 5).isZero();
                Path relative = logs.relativize(file.getParent());
                assertThat(relative.toString()).matches("my-logs/team/app/AWSLogs/" + arn[4]
                        + "/elasticloadbalancing/" + arn[3] + "/\\d{4}/\\d{2}/\\d{2}");
            }

            // off: nothing is logged; on again: logged at once
            setAttributes(elb, lbArn, "false", "my-logs", "team/app");
            assertThat(send(port, get("/?off"))).startsWith("HTTP/1.1 200");
            setAttributes(elb, lbArn, "true", "my-logs", "team/app");
            assertThat(send(port, get("/?on"))).startsWith("HTTP/1.1 200");
            List<Entry> later = awaitEntries(logs, 6);
            assertThat(later.get(5).get("request")).endsWith("/?on HTTP/1.1");
            assertThat(later).noneMatch(e -> e.get("request").contains("/?off"));
        } finally {
            target.stop(0);
        }
    }

    @Test
    void refusesABucketOrPrefixThatWouldLeaveTheDataDirectory() {
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            String lbArn = elb.createLoadBalancer(r -> r.name("refuse-lb")).loadBalancers().get(0)
                    .loadBalancerArn();
            assertThatThrownBy(() -> setAttributes(elb, lbArn, "true", "..", ""))
                    .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                    .hasMessageContaining("access_logs.s3.bucket: '..' (expected: an S3 bucket name");
            assertThatThrownBy(() -> setAttributes(elb, lbArn, "true", "my-logs", "a/../../etc"))
                    .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                    .hasMessageContaining("access_logs.s3.prefix: 'a/../../etc' (expected: a prefix");
            assertThatThrownBy(() -> setAttributes(elb, lbArn, "true", "my-logs", "AWSLogs"))
                    .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                    .hasMessageContaining("access_logs.s3.prefix: 'AWSLogs'");
            assertThatThrownBy(() -> setAttributes(elb, lbArn, "true", "", ""))
                    .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                    .hasMessageContaining("access_logs.s3.bucket: '' (expected: a bucket when");
            // nothing changed
            assertThat(elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn)).attributes())
                    .anyMatch(a -> a.key().equals("access_logs.s3.enabled") && a.value().equals("false"));
        }
    }

    private static void assertLocal(Entry e, String status, String priority, String action, String groupArn) {
        assertThat(e.get("target:port")).isEqualTo("-");
        assertThat(e.get("request_processing_time")).isEqualTo("-1");
        assertThat(e.get("target_processing_time")).isEqualTo("-1");
        assertThat(e.get("response_processing_time")).isEqualTo("-1");
        assertThat(e.get("elb_status_code")).isEqualTo(status);
        assertThat(e.get("target_status_code")).isEqualTo("-");
        assertThat(e.get("target_group_arn")).isEqualTo(groupArn);
        assertThat(e.get("matched_rule_priority")).isEqualTo(priority);
        assertThat(e.get("actions_executed")).isEqualTo(action);
        assertThat(e.get("target:port_list")).isEqualTo("-");
        assertThat(e.get("target_status_code_list")).isEqualTo("-");
    }

    private static void setAttributes(ElasticLoadBalancingV2Client elb, String lbArn, String enabled, String bucket,
                                      String prefix) {
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn).attributes(
                LoadBalancerAttribute.builder().key("access_logs.s3.enabled").value(enabled).build(),
                LoadBalancerAttribute.builder().key("access_logs.s3.bucket").value(bucket).build(),
                LoadBalancerAttribute.builder().key("access_logs.s3.prefix").value(prefix).build()));
    }

    private static String group(ElasticLoadBalancingV2Client elb, String name, int targetPort) {
        String arn = elb.createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(arn).targets(
                TargetDescription.builder().id("127.0.0.1").port(targetPort).build()));
        return arn;
    }

    private static Action forward(String groupArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build();
    }

    private static void rule(ElasticLoadBalancingV2Client elb, String listenerArn, int priority, String path,
                             Action action) {
        elb.createRule(r -> r.listenerArn(listenerArn).priority(priority).actions(action)
                .conditions(RuleCondition.builder().field("path-pattern").values(path).build()));
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: logs.example\r\nConnection: close\r\n\r\n";
    }

    /** Sends {@code request} on a new connection and returns the whole answer. */
    private static String send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The log files' {@code n} lines, parsed, in time order. */
    private static List<Entry> awaitEntries(Path logs, int n) throws IOException, InterruptedException {
        List<Entry> entries = new ArrayList<>();
        for (String line : AccessLogFiles.awaitLines(logs, n)) {
            entries.add(parse(line));
        }
        entries.sort((a, b) -> a.get("time").compareTo(b.get("time")));
        return entries;
    }

    private static Entry parse(String line) {
        Matcher m = LINE.matcher(line);
        assertThat(m.matches()).as("an ALB access log line: " + line).isTrue();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            fields.put(NAMES[i], m.group(i + 1));
        }
        return new Entry(fields);
    }

    /** A real TCP target that accepts each connection and closes it without answering (the load balancer: 502). */
    private static final class HangingUpTarget implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        HangingUpTarget() throws IOException {
            server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.getInputStream().read(new byte[1024]); // wait for the request, then hang up
                    } catch (IOException e) {
                        // closed, or the peer went away
                    }
                }
            }, "hanging-up-target");
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            server.close();
            thread.join(5000);
        }
    }
}
