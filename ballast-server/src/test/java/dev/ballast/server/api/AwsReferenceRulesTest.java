package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * Behaviour the AWS API references prescribe where Ballast used to differ (issue 15): each test names the rule and
 * quotes the reference sentence, drives it with the AWS SDK for Java v2 against a real control plane, and checks that a
 * refused call changes nothing.
 */
@Timeout(120)
class AwsReferenceRulesTest {

    @TempDir
    static Path dataDir;
    private static ControlPlane plane;
    private static ElasticLoadBalancingV2Client elb;
    private static ElasticLoadBalancingClient classic;
    private static String certificate;
    private static String otherCertificate;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ApiTestSupport.client(plane.apiAddress(), "test", "test");
        classic = ClassicSdkTest.client(plane.apiAddress());
        certificate = ApiTestSupport.importCertificate(plane, dataDir, "default.example.test");
        otherCertificate = ApiTestSupport.importCertificate(plane, dataDir, "other.example.test");
    }

    @AfterAll
    static void stop() {
        if (elb != null) {
            elb.close();
            classic.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    private static void assertRefused(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    private static Action forward(String groupArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).forwardConfig(ForwardActionConfig.builder()
                .targetGroups(TargetGroupTuple.builder().targetGroupArn(groupArn).build()).build()).build();
    }

    /** A port below 1024 that nothing listens on at 127.0.0.1 (the tests' public address). */
    private static int freeLowPort() {
        for (int port = 1000; port > 100; port--) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new AssertionError("no free port below 1024 on 127.0.0.1");
    }

    @Test
    void classicListenersTakeAnyPortInAVpc() throws Exception {
        // "On EC2-VPC, you can specify any port from the range 1-65535." (Classic API reference, Listener)
        int port = freeLowPort();
        classic.createLoadBalancer(b -> b.loadBalancerName("low-port").availabilityZones("us-east-1a")
                .listeners(l -> l.protocol("TCP").loadBalancerPort(port).instancePort(port)));
        Await.until("the listener on port " + port + " accepts", Duration.ofSeconds(10), () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        assertRefused(() -> classic.createLoadBalancer(b -> b.loadBalancerName("no-port")
                .availabilityZones("us-east-1a").listeners(l -> l.protocol("TCP").loadBalancerPort(65536)
                        .instancePort(80))), "ValidationError", "LoadBalancerPort: 65536 (expected: 1-65535)");
        assertThat(classic.describeLoadBalancers().loadBalancerDescriptions())
                .extracting(d -> d.loadBalancerName()).doesNotContain("no-port");
        classic.deleteLoadBalancer(b -> b.loadBalancerName("low-port"));
    }

    @Test
    void classicLoadBalancersHaveAtMostTenTags() {
        // "Each load balancer can have a maximum of 10 tags." (Classic API reference, AddTags)
        List<Tag> ten = IntStream.range(0, 10).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        classic.createLoadBalancer(b -> b.loadBalancerName("tagged").availabilityZones("us-east-1a").tags(ten)
                .listeners(l -> l.protocol("HTTP").loadBalancerPort(ApiTestSupport.freePort()).instancePort(80)));
        assertRefused(() -> classic.addTags(b -> b.loadBalancerNames("tagged").tags(t -> t.key("k10").value("v"))),
                "TooManyTags", "at most 10");
        assertThat(classic.describeTags(b -> b.loadBalancerNames("tagged")).tagDescriptions().get(0).tags())
                .hasSize(10);
        List<Tag> eleven = IntStream.range(0, 11).mapToObj(i -> Tag.builder().key("k" + i).value("v").build())
                .toList();
        assertRefused(() -> classic.createLoadBalancer(b -> b.loadBalancerName("over").availabilityZones("us-east-1a")
                .tags(eleven).listeners(l -> l.protocol("HTTP").loadBalancerPort(ApiTestSupport.freePort())
                        .instancePort(80))), "TooManyTags", "at most 10");
        classic.deleteLoadBalancer(b -> b.loadBalancerName("tagged"));
    }

    @Test
    void deregisteringATargetThatIsNotRegisteredSucceeds() {
        // Issue 15's AWS-verified list: AWS answers DeregisterTargets of a target that is not registered with success.
        String group = elb.createTargetGroup(b -> b.name("dereg-tg").protocol("HTTP").port(80).vpcId("vpc-1")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        elb.registerTargets(b -> b.targetGroupArn(group).targets(TargetDescription.builder().id("10.0.0.1").build()));
        elb.deregisterTargets(b -> b.targetGroupArn(group).targets(TargetDescription.builder().id("10.0.0.2").build(),
                TargetDescription.builder().id("10.0.0.1").build()));
        assertThat(elb.describeTargetHealth(b -> b.targetGroupArn(group)).targetHealthDescriptions())
                .allSatisfy(d -> assertThat(d.targetHealth().stateAsString()).isEqualTo("draining"));
    }

    @Test
    void listenerCertificatesListTheDefaultTwiceWhenItIsAlsoInTheList() {
        // "If the default certificate is also in the certificate list, it appears twice in the results (once with
        // IsDefault set to true and once with IsDefault set to false)." (API reference, DescribeListenerCertificates)
        String lb = elb.createLoadBalancer(b -> b.name("certs-alb").scheme("internal")).loadBalancers().get(0)
                .loadBalancerArn();
        String group = elb.createTargetGroup(b -> b.name("certs-tg").protocol("HTTP").port(80).vpcId("vpc-1"))
                .targetGroups().get(0).targetGroupArn();
        String listener = elb.createListener(b -> b.loadBalancerArn(lb).protocol("HTTPS")
                .port(ApiTestSupport.freePort()).certificates(Certificate.builder().certificateArn(certificate).build())
                .defaultActions(forward(group))).listeners().get(0).listenerArn();
        assertThat(elb.describeListenerCertificates(b -> b.listenerArn(listener)).certificates())
                .extracting(Certificate::certificateArn, Certificate::isDefault)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(certificate, true));
        elb.addListenerCertificates(b -> b.listenerArn(listener).certificates(
                Certificate.builder().certificateArn(certificate).build(),
                Certificate.builder().certificateArn(otherCertificate).build()));
        assertThat(elb.describeListenerCertificates(b -> b.listenerArn(listener)).certificates())
                .extracting(Certificate::certificateArn, Certificate::isDefault)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(certificate, true),
                        org.assertj.core.groups.Tuple.tuple(certificate, false),
                        org.assertj.core.groups.Tuple.tuple(otherCertificate, false));
        // Removing it removes the copy in the list; the default stays.
        elb.removeListenerCertificates(b -> b.listenerArn(listener).certificates(
                Certificate.builder().certificateArn(certificate).build()));
        assertThat(elb.describeListenerCertificates(b -> b.listenerArn(listener)).certificates())
                .extracting(Certificate::certificateArn, Certificate::isDefault)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(certificate, true),
                        org.assertj.core.groups.Tuple.tuple(otherCertificate, false));
        elb.deleteLoadBalancer(b -> b.loadBalancerArn(lb));
    }

    @Test
    void aLegacyConditionValuesListTakesOneValue() {
        // "If Field is host-header and you are not using HostHeaderConfig, you can specify a single host name ... in
        // Values." (API reference, RuleCondition); AWS's text as moto quotes it.
        String lb = elb.createLoadBalancer(b -> b.name("legacy-alb").scheme("internal")).loadBalancers().get(0)
                .loadBalancerArn();
        String group = elb.createTargetGroup(b -> b.name("legacy-tg").protocol("HTTP").port(80).vpcId("vpc-1"))
                .targetGroups().get(0).targetGroupArn();
        String listener = elb.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP")
                .port(ApiTestSupport.freePort()).defaultActions(forward(group))).listeners().get(0).listenerArn();
        assertRefused(() -> elb.createRule(b -> b.listenerArn(listener).priority(1).actions(forward(group))
                .conditions(c -> c.field("path-pattern").values("/a", "/b"))), "ValidationError",
                "The 'path-pattern' field contains too many values; the limit is '1'");
        elb.createRule(b -> b.listenerArn(listener).priority(1).actions(forward(group))
                .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.values("/a", "/b"))));
        assertThat(elb.describeRules(b -> b.listenerArn(listener)).rules()).hasSize(2);
        elb.deleteLoadBalancer(b -> b.loadBalancerArn(lb));
    }

    @Test
    void secondaryIpsPerSubnetIsANetworkAttributeFromZeroToSeven() {
        // "secondary_ips.auto_assigned.per_subnet - The number of secondary IP addresses to configure for your load
        // balancer nodes. ... The valid range is 0 to 7. The default is 0." (API reference, LoadBalancerAttribute)
        String nlb = elb.createLoadBalancer(b -> b.name("secondary-nlb").type("network").scheme("internal"))
                .loadBalancers().get(0).loadBalancerArn();
        assertThat(attribute(nlb, "secondary_ips.auto_assigned.per_subnet")).isEqualTo("0");
        elb.modifyLoadBalancerAttributes(b -> b.loadBalancerArn(nlb).attributes(a -> a
                .key("secondary_ips.auto_assigned.per_subnet").value("7")));
        assertThat(attribute(nlb, "secondary_ips.auto_assigned.per_subnet")).isEqualTo("7");
        assertRefused(() -> elb.modifyLoadBalancerAttributes(b -> b.loadBalancerArn(nlb).attributes(a -> a
                .key("secondary_ips.auto_assigned.per_subnet").value("8"))), "ValidationError",
                "secondary_ips.auto_assigned.per_subnet: '8' (expected: 0-7)");
        assertThat(attribute(nlb, "secondary_ips.auto_assigned.per_subnet")).isEqualTo("7");
        elb.deleteLoadBalancer(b -> b.loadBalancerArn(nlb));
    }

    private static String attribute(String lb, String key) {
        return elb.describeLoadBalancerAttributes(b -> b.loadBalancerArn(lb)).attributes().stream()
                .filter(a -> a.key().equals(key)).findFirst().orElseThrow().value();
    }

    @Test
    void stickinessIsRefusedOnTlsTargetGroups() {
        // "Sticky sessions are not supported with TLS listeners and TLS target groups." (Network Load Balancers
        // guide, Target groups, Sticky sessions)
        String tls = elb.createTargetGroup(b -> b.name("sticky-tls").protocol("TLS").port(443).vpcId("vpc-1"))
                .targetGroups().get(0).targetGroupArn();
        assertRefused(() -> elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(tls).attributes(
                a -> a.key("stickiness.enabled").value("true"), a -> a.key("stickiness.type").value("source_ip"))),
                "ValidationError", "stickiness.enabled: 'true' (expected: false; sticky sessions are not supported "
                        + "with TLS target groups)");
        String tcp = elb.createTargetGroup(b -> b.name("sticky-tcp").protocol("TCP").port(443).vpcId("vpc-1"))
                .targetGroups().get(0).targetGroupArn();
        elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(tcp).attributes(
                a -> a.key("stickiness.enabled").value("true"), a -> a.key("stickiness.type").value("source_ip")));
        assertThat(elb.describeTargetGroupAttributes(b -> b.targetGroupArn(tls)).attributes())
                .anySatisfy(a -> assertThat(a.key() + "=" + a.value()).isEqualTo("stickiness.enabled=false"));
    }

    @Test
    void groupStickinessNeedsItsDuration() {
        // "You must specify this value when enabling target group stickiness." (API reference,
        // TargetGroupStickinessConfig, DurationSeconds)
        String lb = elb.createLoadBalancer(b -> b.name("duration-alb").scheme("internal")).loadBalancers().get(0)
                .loadBalancerArn();
        String group = elb.createTargetGroup(b -> b.name("duration-tg").protocol("HTTP").port(80).vpcId("vpc-1"))
                .targetGroups().get(0).targetGroupArn();
        int port = ApiTestSupport.freePort();
        assertRefused(() -> elb.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(port)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).forwardConfig(f -> f
                        .targetGroups(TargetGroupTuple.builder().targetGroupArn(group).build())
                        .targetGroupStickinessConfig(s -> s.enabled(true))).build())), "ValidationError",
                "DurationSeconds: missing (expected: 1-604800 when Enabled is true)");
        assertThat(elb.describeListeners(b -> b.loadBalancerArn(lb)).listeners()).isEmpty();
        elb.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(port)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).forwardConfig(f -> f
                        .targetGroups(TargetGroupTuple.builder().targetGroupArn(group).build())
                        .targetGroupStickinessConfig(s -> s.enabled(true).durationSeconds(60))).build()));
        elb.deleteLoadBalancer(b -> b.loadBalancerArn(lb));
    }

    @Test
    void aNewLoadBalancerIsProvisioningThenActiveAndTheCliWaiterSeesIt() throws Exception {
        // AWS answers CreateLoadBalancer with State "provisioning" (the API reference's example response); the
        // load balancer is "active" once it can serve, which Ballast reaches before it answers.
        var created = elb.createLoadBalancer(b -> b.name("state-alb").scheme("internal")).loadBalancers().get(0);
        assertThat(created.state().codeAsString()).isEqualTo("provisioning");
        assertThat(elb.describeLoadBalancers(b -> b.names("state-alb")).loadBalancers().get(0).state()
                .codeAsString()).isEqualTo("active");
        assertThat(elb.createLoadBalancer(b -> b.name("state-alb").scheme("internal")).loadBalancers().get(0)
                .state().codeAsString()).as("an identical create answers the existing load balancer").isEqualTo("active");
        ProcessBuilder command = new ProcessBuilder("/usr/bin/aws", "elbv2", "wait", "load-balancer-available",
                "--load-balancer-arns", created.loadBalancerArn(),
                "--endpoint-url", "http://127.0.0.1:" + plane.apiAddress().getPort())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        command.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_PAGER", ""));
        Process waiter = command.start();
        try {
            assertThat(waiter.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the waiter ends").isTrue();
            assertThat(waiter.exitValue()).as("aws elbv2 wait load-balancer-available exit code").isZero();
        } finally {
            waiter.destroyForcibly();
            waiter.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        elb.deleteLoadBalancer(b -> b.loadBalancerArn(created.loadBalancerArn()));
    }

    @Test
    void aLoadBalancerWithoutACapacityReservationDescribesAnEmptyOne() {
        // DescribeCapacityReservation "Describes the capacity reservation status for the specified load balancer";
        // a load balancer without a reservation has no zonal reservation state. LoadBalancerNotFound otherwise.
        String arn = elb.createLoadBalancer(b -> b.name("capacity-alb").scheme("internal")).loadBalancers().get(0)
                .loadBalancerArn();
        var reservation = elb.describeCapacityReservation(b -> b.loadBalancerArn(arn));
        assertThat(reservation.capacityReservationState()).isEmpty();
        assertThat(reservation.minimumLoadBalancerCapacity()).isNull();
        assertRefused(() -> elb.describeCapacityReservation(b -> b.loadBalancerArn(arn.replace("capacity-alb",
                "missing-alb"))), "LoadBalancerNotFound", "");
        elb.deleteLoadBalancer(b -> b.loadBalancerArn(arn));
    }

    @Test
    void classicSubnetsAccessLogAndAdditionalAttributes() {
        classic.createLoadBalancer(b -> b.loadBalancerName("subnets-clb").subnets("subnet-0ba11a5700000000a")
                .listeners(l -> l.protocol("HTTP").loadBalancerPort(freeLowPort()).instancePort(80)));
        // AttachLoadBalancerToSubnets: "Adds one or more subnets to the set of configured subnets"; the answer lists
        // every attached subnet. DetachLoadBalancerFromSubnets answers the subnets left.
        assertThat(classic.attachLoadBalancerToSubnets(b -> b.loadBalancerName("subnets-clb")
                .subnets("subnet-0ba11a5700000000b", "subnet-0ba11a5700000000a")).subnets()).containsExactly("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b");
        assertThat(classic.describeLoadBalancers(b -> b.loadBalancerNames("subnets-clb")).loadBalancerDescriptions()
                .get(0).availabilityZones()).containsExactly("us-east-1a", "us-east-1b");
        assertThat(classic.detachLoadBalancerFromSubnets(b -> b.loadBalancerName("subnets-clb")
                .subnets("subnet-0ba11a5700000000a")).subnets()).containsExactly("subnet-0ba11a5700000000b");
        assertThatThrownBy(() -> classic.detachLoadBalancerFromSubnets(b -> b.loadBalancerName("subnets-clb")
                .subnets("subnet-0ba11a5700000000b"))).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidConfigurationRequest"));

        // AccessLog: S3BucketName, EmitInterval "5 or 60 minutes" (default 60), S3BucketPrefix; AdditionalAttributes
        // elb.http.desyncmitigationmode "monitor, defensive (default) or strictest".
        var attributes = classic.describeLoadBalancerAttributes(b -> b.loadBalancerName("subnets-clb"))
                .loadBalancerAttributes();
        assertThat(attributes.additionalAttributes()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("elb.http.desyncmitigationmode");
            assertThat(a.value()).isEqualTo("defensive");
        });
        classic.modifyLoadBalancerAttributes(b -> b.loadBalancerName("subnets-clb").loadBalancerAttributes(a -> a
                .accessLog(l -> l.enabled(true).s3BucketName("logs").emitInterval(5).s3BucketPrefix("clb"))
                .additionalAttributes(x -> x.key("elb.http.desyncmitigationmode").value("strictest"))));
        attributes = classic.describeLoadBalancerAttributes(b -> b.loadBalancerName("subnets-clb"))
                .loadBalancerAttributes();
        assertThat(attributes.accessLog().s3BucketName()).isEqualTo("logs");
        assertThat(attributes.accessLog().emitInterval()).isEqualTo(5);
        assertThat(attributes.accessLog().s3BucketPrefix()).isEqualTo("clb");
        assertThat(attributes.additionalAttributes().get(0).value()).isEqualTo("strictest");
        assertThatThrownBy(() -> classic.modifyLoadBalancerAttributes(b -> b.loadBalancerName("subnets-clb")
                .loadBalancerAttributes(a -> a.accessLog(l -> l.enabled(true).emitInterval(7)))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("AccessLog.EmitInterval: 7 (expected: 5 or 60)"));
        assertThatThrownBy(() -> classic.modifyLoadBalancerAttributes(b -> b.loadBalancerName("subnets-clb")
                .loadBalancerAttributes(a -> a.additionalAttributes(x -> x.key("elb.other").value("1")))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("AdditionalAttributes: elb.other (expected:"
                        + " elb.http.desyncmitigationmode)"));
        classic.deleteLoadBalancer(b -> b.loadBalancerName("subnets-clb"));
    }
}
