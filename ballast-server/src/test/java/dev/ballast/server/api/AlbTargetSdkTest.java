package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The {@code alb} target type through the ELBv2 API with the AWS SDK for Java v2, as AWS documents it ("Use an
 * Application Load Balancer as a target of a Network Load Balancer"): a network load balancer's TCP listener forwards
 * to a group whose one target is an application load balancer, so a client of the NLB gets the ALB's rules; the
 * NLB checks the ALB over HTTP; AWS's errors for the rules around it.
 */
@Timeout(90)
class AlbTargetSdkTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private ElasticLoadBalancingV2Client elb;
    private HttpServer app;
    private HttpServer site;

    private LoadBalancer alb;
    private int albPort;
    private String siteGroup;
    private String appRule;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ApiTestSupport.client(plane.apiAddress(), "any", "credentials");
        app = ApiTestSupport.target("app");
        site = ApiTestSupport.target("site");
    }

    @AfterEach
    void stop() {
        elb.close();
        plane.close();
        app.stop(0);
        site.stop(0);
    }

    /**
     * An internal ALB found by its DNS name: its listener's default action forwards to "site", its priority-1 rule
     * for Host app.example.com to "app".
     */
    private void buildAlb() throws IOException {
        alb = elb.createLoadBalancer(r -> r.name("web-alb").scheme(LoadBalancerSchemeEnum.INTERNAL)
                .subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")).loadBalancers().get(0);
        albPort = Http.freePortOn(DnsLookup.addressOf(plane, alb.dnsName()));
        siteGroup = httpGroup("site-tg", site);
        String appGroup = httpGroup("app-tg", app);
        String listener = elb.createListener(r -> r.loadBalancerArn(alb.loadBalancerArn()).protocol(ProtocolEnum.HTTP)
                .port(albPort).defaultActions(forward(siteGroup))).listeners().get(0).listenerArn();
        appRule = elb.createRule(r -> r.listenerArn(listener).priority(1)
                .conditions(c -> c.field("host-header").hostHeaderConfig(h -> h.values("app.example.com")))
                .actions(forward(appGroup))).rules().get(0).ruleArn();
    }

    private String httpGroup(String name, HttpServer target) {
        String arn = elb.createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTP)
                .port(target.getAddress().getPort()).targetType(TargetTypeEnum.IP)).targetGroups().get(0)
                .targetGroupArn();
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                .attributes(a -> a.key("deregistration_delay.timeout_seconds").value("0")));
        elb.registerTargets(r -> r.targetGroupArn(arn).targets(TargetDescription.builder().id("127.0.0.1").build()));
        return arn;
    }

    /** An alb target group checked every 5 s (AWS's shortest interval), healthy or unhealthy after two checks. */
    private TargetGroup albGroup(String name, int port) {
        return elb.createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.TCP).port(port)
                .targetType(TargetTypeEnum.ALB).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                .healthyThresholdCount(2).unhealthyThresholdCount(2)).targetGroups().get(0);
    }

    private void registerAlb(String groupArn, String albArn, int port) {
        elb.registerTargets(r -> r.targetGroupArn(groupArn).targets(TargetDescription.builder().id(albArn).port(port)
                .build()));
    }

    /** An internal NLB, found by its DNS name, with a TCP listener forwarding to {@code groupArn}. */
    private NlbListener buildNlb(String groupArn) throws IOException {
        LoadBalancer nlb = elb.createLoadBalancer(r -> r.name("front-nlb").type(LoadBalancerTypeEnum.NETWORK)
                .scheme(LoadBalancerSchemeEnum.INTERNAL).subnets("subnet-0ba11a5700000000a")).loadBalancers().get(0);
        String address = DnsLookup.addressOf(plane, nlb.dnsName());
        int port = Http.freePortOn(address);
        elb.createListener(r -> r.loadBalancerArn(nlb.loadBalancerArn()).protocol(ProtocolEnum.TCP).port(port)
                .defaultActions(forward(groupArn)));
        return new NlbListener(dataDir, address, port);
    }

    /** The NLB's listener, reached with curl as a client would, the host name resolved to the NLB's address. */
    private record NlbListener(Path dir, String address, int port) {
        String curl(String host) {
            CommandLine.Result result = CommandLine.run(dir, Duration.ofSeconds(20), "", List.of("curl", "-sS",
                    "--max-time", "10", "--resolve", host + ":" + port + ":" + address,
                    "http://" + host + ":" + port + "/"));
            assertThat(result.exitCode()).as(result.output()).isZero();
            return result.output();
        }
    }

    private static Action forward(String groupArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build();
    }

    private TargetHealthDescription health(String groupArn) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(groupArn)).targetHealthDescriptions().get(0);
    }

    private void awaitState(String groupArn, TargetHealthStateEnum state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (health(groupArn).targetHealth().state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the alb target is " + health(groupArn).targetHealth() + " after 40 s"
                        + " (expected: " + state + ")");
            }
            Thread.sleep(100); // polling the API for the next health check's result
        }
    }

    private static void assertError(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void aClientOfTheNlbGetsTheAlbsRulesAlsoAfterTheyChange() throws Exception {
        buildAlb();
        TargetGroup group = albGroup("alb-tg", albPort);
        assertThat(group.targetType()).isEqualTo(TargetTypeEnum.ALB);
        assertThat(group.healthCheckProtocol()).isEqualTo(ProtocolEnum.HTTP);
        assertThat(group.healthCheckPath()).isEqualTo("/");
        registerAlb(group.targetGroupArn(), alb.loadBalancerArn(), albPort);
        NlbListener nlb = buildNlb(group.targetGroupArn());

        assertThat(nlb.curl("app.example.com")).isEqualTo("app");
        assertThat(nlb.curl("other.example.com")).isEqualTo("site");
        TargetHealthDescription described = health(group.targetGroupArn());
        assertThat(described.target().id()).isEqualTo(alb.loadBalancerArn());
        assertThat(described.target().port()).isEqualTo(albPort);
        assertThat(elb.describeTargetGroups(r -> r.targetGroupArns(group.targetGroupArn())).targetGroups().get(0)
                .loadBalancerArns()).hasSize(1);

        // A live change of the ALB's rule reaches the NLB's clients with the next connection.
        elb.modifyRule(r -> r.ruleArn(appRule).conditions(c -> c.field("host-header")
                .hostHeaderConfig(h -> h.values("app2.example.com"))));
        assertThat(nlb.curl("app.example.com")).isEqualTo("site");
        assertThat(nlb.curl("app2.example.com")).isEqualTo("app");
    }

    @Test
    void theAlbTargetsHealthFollowsTheAlbsAnswers() throws Exception {
        buildAlb();
        TargetGroup group = albGroup("alb-tg", albPort);
        registerAlb(group.targetGroupArn(), alb.loadBalancerArn(), albPort);
        buildNlb(group.targetGroupArn());
        awaitState(group.targetGroupArn(), TargetHealthStateEnum.HEALTHY);

        // Without a target behind its default action the ALB answers the NLB's checks (Host: its address) with 503.
        elb.deregisterTargets(r -> r.targetGroupArn(siteGroup).targets(t -> t.id("127.0.0.1")));
        awaitState(group.targetGroupArn(), TargetHealthStateEnum.UNHEALTHY);
        assertThat(health(group.targetGroupArn()).targetHealth().reasonAsString())
                .isEqualTo("Target.FailedHealthChecks");

        elb.registerTargets(r -> r.targetGroupArn(siteGroup).targets(t -> t.id("127.0.0.1")));
        awaitState(group.targetGroupArn(), TargetHealthStateEnum.HEALTHY);
    }

    @Test
    void awsRulesOfTheAlbTargetTypeGiveAwsErrorsAndChangeNothing() throws Exception {
        buildAlb();
        assertError(() -> elb.createTargetGroup(r -> r.name("alb-http").protocol(ProtocolEnum.HTTP).port(albPort)
                .targetType(TargetTypeEnum.ALB)), "ValidationError",
                "Protocol: HTTP (expected: TCP for a target group of type alb)");
        assertError(() -> elb.createTargetGroup(r -> r.name("alb-tcp-check").protocol(ProtocolEnum.TCP).port(albPort)
                .targetType(TargetTypeEnum.ALB).healthCheckProtocol(ProtocolEnum.TCP)), "ValidationError",
                "HealthCheckProtocol: TCP (expected: HTTP or HTTPS for a target group of type alb)");
        assertThat(elb.describeTargetGroups().targetGroups()).extracting(TargetGroup::targetGroupName)
                .containsExactlyInAnyOrder("site-tg", "app-tg");

        String group = albGroup("alb-tg", albPort).targetGroupArn();
        assertError(() -> elb.modifyTargetGroup(r -> r.targetGroupArn(group).healthCheckProtocol(ProtocolEnum.TCP)),
                "ValidationError", "HealthCheckProtocol: TCP (expected: HTTP or HTTPS for a target group of type alb)");
        assertError(() -> registerAlb(group, "127.0.0.1", albPort), "InvalidTarget", "Targets.Id: 127.0.0.1 "
                + "(expected: the ARN of an application load balancer for a target group of type alb)");
        LoadBalancer nlb = elb.createLoadBalancer(r -> r.name("other-nlb").type(LoadBalancerTypeEnum.NETWORK)
                .scheme(LoadBalancerSchemeEnum.INTERNAL).subnets("subnet-0ba11a5700000000a")).loadBalancers().get(0);
        assertError(() -> registerAlb(group, nlb.loadBalancerArn(), albPort), "InvalidTarget", "Targets.Id: "
                + nlb.loadBalancerArn() + " (expected: the ARN of an application load balancer for a target group"
                + " of type alb)");
        // AWS's text, as RegisterTargets answers it (hashicorp/terraform-provider-aws#38987)
        assertError(() -> registerAlb(group, alb.loadBalancerArn(), albPort + 1), "ValidationError",
                "If the target type is ALB, the target must have at least one listener that matches the target group"
                        + " port or any specified port overrides");
        assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(group)).targetHealthDescriptions()).isEmpty();

        registerAlb(group, alb.loadBalancerArn(), albPort);
        registerAlb(group, alb.loadBalancerArn(), albPort); // the same target again: a no-op, as for any target
        LoadBalancer second = elb.createLoadBalancer(r -> r.name("second-alb").scheme(LoadBalancerSchemeEnum.INTERNAL)
                .subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")).loadBalancers().get(0);
        int secondPort = Http.freePortOn(DnsLookup.addressOf(plane, second.dnsName()));
        elb.createListener(r -> r.loadBalancerArn(second.loadBalancerArn()).protocol(ProtocolEnum.HTTP)
                .port(secondPort).defaultActions(Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                        .fixedResponseConfig(f -> f.statusCode("200")).build()));
        assertError(() -> registerAlb(group, second.loadBalancerArn(), secondPort), "TooManyTargets",
                "Targets: 2 (expected: one application load balancer per target group of type alb)");
        assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(group)).targetHealthDescriptions())
                .singleElement().satisfies(d -> assertThat(d.target().id()).isEqualTo(alb.loadBalancerArn()));

        // AWS's text for a load balancer that another service uses (cloud-custodian/cloud-custodian#9921)
        assertError(() -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(alb.loadBalancerArn())), "ResourceInUse",
                "Load balancer '" + alb.loadBalancerArn() + "' cannot be deleted because it is currently associated"
                        + " with another service");
        assertThat(elb.describeLoadBalancers(r -> r.loadBalancerArns(alb.loadBalancerArn())).loadBalancers())
                .hasSize(1);
        elb.deregisterTargets(r -> r.targetGroupArn(group).targets(t -> t.id(alb.loadBalancerArn()).port(albPort)));
        elb.deleteLoadBalancer(r -> r.loadBalancerArn(alb.loadBalancerArn()));
        assertThat(elb.describeLoadBalancers().loadBalancers()).extracting(LoadBalancer::loadBalancerName)
                .containsExactlyInAnyOrder("second-alb", "other-nlb");
    }
}
