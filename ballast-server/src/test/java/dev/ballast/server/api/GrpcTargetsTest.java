package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.proxy.GrpcTarget;
import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.proxy.tls.TestCertificates;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.IncompatibleProtocolsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * gRPC through an HTTPS listener made with the AWS SDK, to real gRPC targets (Python grpcio) in GRPC target groups:
 * unary, server-streaming and bidirectional calls, a target's error status passed through, the load balancer's own
 * errors in gRPC's form (no healthy target, refused connection), gRPC health checks that follow the target, and
 * the API's rules for GRPC groups (GrpcCode validation and defaults, HTTPS listeners only).
 */
class GrpcTargetsTest {
    private static final String HOST = "grpc.example.test";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private static ControlPlane plane;
    private static ElasticLoadBalancingV2Client elb;
    private static TestCertificates.Pem pem;
    private static Path healthFile;
    private static GrpcTarget plainTarget;
    private static GrpcTarget tlsTarget;
    private static String lbArn;
    private static String certificateArn;
    private static String groupArn;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ApiTestSupport.client(plane.apiAddress(), "any", "credentials");
        pem = TestCertificates.selfSigned(files, HOST);
        Path key = Files.writeString(files.resolve("target.key"), pem.privateKey());
        try (AcmClient acm = ApiTestSupport.acmClient(plane.apiAddress(), "any", "credentials")) {
            certificateArn = acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(pem.certificate()))
                    .privateKey(SdkBytes.fromUtf8String(pem.privateKey()))).certificateArn();
        }
        healthFile = Files.createFile(files.resolve("serving"));
        plainTarget = GrpcTarget.start("t1", healthFile, null, null);
        tlsTarget = GrpcTarget.start("tls1", healthFile, pem.certificateFile(), key);
        lbArn = elb.createLoadBalancer(r -> r.name("grpc-lb").type(LoadBalancerTypeEnum.APPLICATION)
                .subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")).loadBalancers().get(0).loadBalancerArn();
        groupArn = grpcGroup("grpc-tg", ProtocolEnum.HTTP, plainTarget.port());
        port = httpsListener(groupArn);
    }

    @AfterAll
    static void stop() {
        elb.close();
        plane.close();
        plainTarget.close();
        tlsTarget.close();
    }

    /** A GRPC group of {@code protocol} whose check calls test.Echo/Health, with a target on {@code targetPort}. */
    private static String grpcGroup(String name, ProtocolEnum protocol, Integer targetPort) {
        TargetGroup tg = elb.createTargetGroup(r -> r.name(name).protocol(protocol).port(50051)
                .protocolVersion("GRPC").targetType(TargetTypeEnum.IP).healthCheckPath("/test.Echo/Health")
                .matcher(m -> m.grpcCode("0")).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                .healthyThresholdCount(2).unhealthyThresholdCount(2)).targetGroups().get(0);
        if (targetPort != null) {
            elb.registerTargets(r -> r.targetGroupArn(tg.targetGroupArn()).targets(TargetDescription.builder()
                    .id("127.0.0.1").port(targetPort).build()));
        }
        return tg.targetGroupArn();
    }

    private static int httpsListener(String targetGroupArn) {
        int listenerPort = ApiTestSupport.freePort();
        elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTPS).port(listenerPort)
                .certificates(Certificate.builder().certificateArn(certificateArn).build())
                .defaultActions(forward(targetGroupArn)));
        return listenerPort;
    }

    private static Action forward(String targetGroupArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build();
    }

    /** Runs one call with the Python gRPC client through the listener on {@code listenerPort}. */
    private static String call(int listenerPort, String call, String argument) {
        CommandLine.Result result = CommandLine.run(files, Duration.ofSeconds(30), "", List.of(GrpcTarget.PYTHON,
                GrpcTarget.resource("grpc_client.py").toString(), "127.0.0.1:" + listenerPort, HOST,
                pem.certificateFile().toString(), call, argument));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    @Test
    void aUnaryCallReachesTheTargetOverHttp2() {
        assertThat(call(port, "unary", "hello")).isEqualTo("message t1:hello\nstatus OK \n");
    }

    @Test
    void theTargetsErrorStatusAndMessageReachTheClient() {
        assertThat(call(port, "unary", "fail")).isEqualTo("status NOT_FOUND no such thing\n");
    }

    @Test
    void aServerStreamingCallCarriesEveryMessage() {
        assertThat(call(port, "server-stream", "5"))
                .isEqualTo("message t1:0\nmessage t1:1\nmessage t1:2\nmessage t1:3\nmessage t1:4\nstatus OK \n");
    }

    @Test
    void aBidirectionalStreamingCallAnswersEachMessage() {
        assertThat(call(port, "bidi", "a,b,c")).isEqualTo("message t1:a\nmessage t1:b\nmessage t1:c\nstatus OK \n");
    }

    @Test
    void anHttpsTargetGroupSpeaksH2ByAlpnToATlsTarget() {
        int tlsPort = httpsListener(grpcGroup("grpc-tls-tg", ProtocolEnum.HTTPS, tlsTarget.port()));
        assertThat(call(tlsPort, "unary", "secure")).isEqualTo("message tls1:secure\nstatus OK \n");
    }

    @Test
    void withNoTargetTheLoadBalancerAnswersUnavailableInGrpcForm() {
        int emptyPort = httpsListener(grpcGroup("grpc-empty-tg", ProtocolEnum.HTTP, null));
        assertThat(call(emptyPort, "unary", "anyone")).isEqualTo("status UNAVAILABLE 503 Service Unavailable\n");
    }

    @Test
    void aRefusedTargetConnectionIsUnavailableInGrpcForm() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int refusedPort = httpsListener(grpcGroup("grpc-refused-tg", ProtocolEnum.HTTP, closedPort));
        assertThat(call(refusedPort, "unary", "anyone")).isEqualTo("status UNAVAILABLE 502 Bad Gateway\n");
    }

    @Test
    void theGrpcHealthCheckFollowsTheTargetsStatus() throws Exception {
        String arn = grpcGroup("grpc-health-tg", ProtocolEnum.HTTP, plainTarget.port());
        httpsListener(arn); // only a group in use is checked
        awaitState(arn, TargetHealthStateEnum.HEALTHY);
        Files.delete(healthFile);
        try {
            TargetHealthDescription unhealthy = awaitState(arn, TargetHealthStateEnum.UNHEALTHY);
            assertThat(unhealthy.targetHealth().reasonAsString()).isEqualTo("Target.ResponseCodeMismatch");
            assertThat(unhealthy.targetHealth().description()).isEqualTo("Health checks failed with these codes: [14]");
        } finally {
            Files.createFile(healthFile); // back to SERVING (GrpcHealthProbeTest covers the way back in detail)
        }
    }

    private static TargetHealthDescription awaitState(String arn, TargetHealthStateEnum state)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            TargetHealthDescription d = elb.describeTargetHealth(r -> r.targetGroupArn(arn))
                    .targetHealthDescriptions().get(0);
            if (d.targetHealth().state() == state) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("target still " + d.targetHealth() + " after 40 s");
            }
            Thread.sleep(100); // polling the API
        }
    }

    @Test
    void aGrpcGroupGetsAwsHealthCheckDefaults() {
        TargetGroup tg = elb.createTargetGroup(r -> r.name("grpc-defaults").protocol(ProtocolEnum.HTTP).port(50051)
                .protocolVersion("GRPC").targetType(TargetTypeEnum.IP)).targetGroups().get(0);
        assertThat(tg.protocolVersion()).isEqualTo("GRPC");
        assertThat(tg.healthCheckPath()).isEqualTo("/AWS.ALB/healthcheck");
        assertThat(tg.matcher().grpcCode()).isEqualTo("12");
        assertThat(tg.matcher().httpCode()).isNull();
        TargetGroup ranged = elb.modifyTargetGroup(r -> r.targetGroupArn(tg.targetGroupArn())
                .matcher(m -> m.grpcCode("0-99"))).targetGroups().get(0);
        assertThat(ranged.matcher().grpcCode()).isEqualTo("0-99");
        TargetGroup listed = elb.modifyTargetGroup(r -> r.targetGroupArn(tg.targetGroupArn())
                .matcher(m -> m.grpcCode("0,5,12-14"))).targetGroups().get(0);
        assertThat(listed.matcher().grpcCode()).isEqualTo("0,5,12-14");
        elb.deleteTargetGroup(r -> r.targetGroupArn(tg.targetGroupArn()));
    }

    @Test
    void badGrpcCodesAndMisplacedMatchersAreRefusedAndChangeNothing() {
        String arn = grpcGroup("grpc-bad-matcher", ProtocolEnum.HTTP, null);
        assertThatThrownBy(() -> elb.modifyTargetGroup(r -> r.targetGroupArn(arn).matcher(m -> m.grpcCode("100"))))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("Matcher.GrpcCode: 100 (expected: codes from 0 to 99 like 12, 0,1 or 0-5)");
        assertThatThrownBy(() -> elb.modifyTargetGroup(r -> r.targetGroupArn(arn).matcher(m -> m.grpcCode("9-3"))))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("Matcher.GrpcCode: 9-3 (expected: ranges whose first code is not above the "
                        + "last, like 0-5)");
        assertThatThrownBy(() -> elb.modifyTargetGroup(r -> r.targetGroupArn(arn).matcher(m -> m.httpCode("200"))))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("Matcher.HttpCode: 200 (expected: Matcher.GrpcCode for a GRPC target group)");
        assertThat(elb.describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups().get(0).matcher().grpcCode())
                .isEqualTo("0");
        assertThatThrownBy(() -> elb.createTargetGroup(r -> r.name("http1-grpc-code").protocol(ProtocolEnum.HTTP)
                .port(80).targetType(TargetTypeEnum.IP).matcher(m -> m.grpcCode("0"))))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("Matcher.GrpcCode: 0 (expected: Matcher.HttpCode; GrpcCode is for target "
                        + "groups whose ProtocolVersion is GRPC)");
    }

    @Test
    void aGrpcGroupCannotBeForwardedToFromAnHttpListener() {
        String arn = grpcGroup("grpc-http-listener", ProtocolEnum.HTTP, null);
        assertThatThrownBy(() -> elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP)
                .port(ApiTestSupport.freePort()).defaultActions(forward(arn))))
                .isInstanceOf(IncompatibleProtocolsException.class)
                .hasMessageContaining("Target group 'grpc-http-listener' has protocol version GRPC, which a HTTP "
                        + "listener cannot forward to (expected: an HTTPS listener)");
    }
}
