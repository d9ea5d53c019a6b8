package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.core.health.ProbeResult;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Security groups' outbound rules on the data plane: two real targets on 127.0.0.5 and 127.0.0.6 behind a load
 * balancer whose group lets connections out to some of them. A target no rule allows is never connected to (its
 * server sees no request, not even a health check), shows unhealthy with Ballast's description, and gets no
 * traffic; rule changes apply live; with no target allowed at all, requests fail (502) or connections are reset.
 */
@Timeout(120)
class EgressEnforcementTest {
    private static final String SUBNET_A = "subnet-0ba11a5700000000a";
    private static final String ADDRESS_A = "127.0.0.5";
    private static final String ADDRESS_B = "127.0.0.6";

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private CountingTarget a;
    private CountingTarget b;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        ec2 = ApiTestSupport.ec2Client(plane.apiAddress(), "test", "test");
        elb = ApiTestSupport.client(plane.apiAddress(), "test", "test");
        a = new CountingTarget(ADDRESS_A, "target-a");
        b = new CountingTarget(ADDRESS_B, "target-b");
    }

    @AfterEach
    void stop() {
        a.server.stop(0);
        b.server.stop(0);
        elb.close();
        ec2.close();
        plane.close();
    }

    @Test
    void albChecksAndServesOnlyTargetsItsGroupsOutboundRulesAllowAndFollowsRuleChangesLive() throws Exception {
        String group = groupAllowingOutboundTo(ADDRESS_A + "/32");
        String lb = elb.createLoadBalancer(r -> r.name("egress-alb").subnets(SUBNET_A).securityGroups(group))
                .loadBalancers().get(0).loadBalancerArn();
        String tg = targetGroup("egress-alb-tg", ProtocolEnum.HTTP);
        InetSocketAddress listener = listener(lb, ProtocolEnum.HTTP, tg);

        awaitOnlyAHealthyAndBBlocked(tg);
        assertThat(bodies(listener, 6)).containsOnly("target-a");
        assertThat(b.requests.get()).as("never connected to, not even by a health check").isZero();

        // a rule added now lets the checks and the traffic reach the other target too
        ec2.authorizeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(tcp(1, 65535, ADDRESS_B + "/32")));
        awaitHealth(tg, TargetHealthStateEnum.HEALTHY, TargetHealthStateEnum.HEALTHY);
        assertThat(bodies(listener, 6)).contains("target-a", "target-b");

        // the first target's rule revoked: it turns unhealthy with the same description and loses the traffic
        ec2.revokeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(tcp(1, 65535, ADDRESS_A + "/32")));
        awaitHealth(tg, TargetHealthStateEnum.UNHEALTHY, TargetHealthStateEnum.HEALTHY);
        assertThat(health(tg).get(ADDRESS_A).description()).isEqualTo(ProbeResult.EGRESS_BLOCKED_DESCRIPTION);
        assertThat(bodies(listener, 6)).containsOnly("target-b");

        // no target allowed: every target is unhealthy, the load balancer fails open, and no connection is made
        ec2.revokeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(tcp(1, 65535, ADDRESS_B + "/32")));
        awaitHealth(tg, TargetHealthStateEnum.UNHEALTHY, TargetHealthStateEnum.UNHEALTHY);
        int seenByB = b.requests.get();
        ApiTestSupport.Response refused = ApiTestSupport.get(listener.getHostString(), listener.getPort(), "lb", "/");
        // 502 when a target was chosen (fail open) and could not be connected; 503 once none is left to choose
        assertThat(refused.status()).isIn(502, 503);
        assertThat(b.requests.get()).isEqualTo(seenByB);
    }

    @Test
    void nlbTcpConnectsOnlyToTargetsItsGroupsOutboundRulesAllow() throws Exception {
        String group = groupAllowingOutboundTo(ADDRESS_A + "/32");
        String nlb = elb.createLoadBalancer(r -> r.name("egress-nlb").type(LoadBalancerTypeEnum.NETWORK)
                .subnets(SUBNET_A).securityGroups(group)).loadBalancers().get(0).loadBalancerArn();
        String tg = targetGroup("egress-nlb-tg", ProtocolEnum.TCP);
        InetSocketAddress listener = listener(nlb, ProtocolEnum.TCP, tg);

        awaitOnlyAHealthyAndBBlocked(tg);
        // new connections hash over their source ports: every one lands on the allowed target
        assertThat(bodies(listener, 8)).containsOnly("target-a");
        assertThat(b.requests.get()).isZero();

        ec2.revokeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(tcp(1, 65535, ADDRESS_A + "/32")));
        awaitHealth(tg, TargetHealthStateEnum.UNHEALTHY, TargetHealthStateEnum.UNHEALTHY);
        int seenByA = a.requests.get();
        assertThat(SecurityGroupEnforcementTest.httpFrom("127.0.0.1", listener))
                .as("no target may be reached: the connection is reset").isEmpty();
        assertThat(a.requests.get()).isEqualTo(seenByA);
        assertThat(b.requests.get()).isZero();
    }

    /** A new group admitting every client whose only outbound rule allows TCP to {@code block}. */
    private String groupAllowingOutboundTo(String block) {
        String group = ec2.createSecurityGroup(r -> r.groupName("egress-" + block.replace('/', '-'))
                .description("outbound limited")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(tcp(1, 65535, "0.0.0.0/0")));
        // EC2 gives a new group "all traffic to anywhere": replaced by the one rule
        ec2.revokeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
        ec2.authorizeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(tcp(1, 65535, block)));
        return group;
    }

    /** A group of {@code protocol} with both targets, checked every 5 s (the shortest interval AWS allows). */
    private String targetGroup(String name, ProtocolEnum protocol) {
        String arn = elb.createTargetGroup(r -> r.name(name).protocol(protocol).port(80).targetType("ip")
                .vpcId(plane.control().settings().vpcId()).healthCheckIntervalSeconds(5)
                .healthCheckTimeoutSeconds(2).healthyThresholdCount(2).unhealthyThresholdCount(2))
                .targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(arn).targets(
                t -> t.id(ADDRESS_A).port(a.port()), t -> t.id(ADDRESS_B).port(b.port())));
        return arn;
    }

    /** A listener of {@code protocol} on a free port of {@code lb} forwarding to {@code tg}; its bound address. */
    private InetSocketAddress listener(String lb, ProtocolEnum protocol, String tg) {
        int port = ApiTestSupport.freePort();
        return plane.boundAddress(elb.createListener(r -> r.loadBalancerArn(lb).protocol(protocol).port(port)
                .defaultActions(forwardTo(tg))).listeners().get(0).listenerArn());
    }

    /** Waits until A is healthy and B unhealthy, then checks that B shows why: the outbound rules blocked it. */
    private void awaitOnlyAHealthyAndBBlocked(String tg) throws InterruptedException {
        awaitHealth(tg, TargetHealthStateEnum.HEALTHY, TargetHealthStateEnum.UNHEALTHY);
        TargetHealth blocked = health(tg).get(ADDRESS_B);
        assertThat(blocked.reasonAsString()).isEqualTo("Target.FailedHealthChecks");
        assertThat(blocked.description()).isEqualTo(ProbeResult.EGRESS_BLOCKED_DESCRIPTION);
    }

    private static Action forwardTo(String tg) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build();
    }

    private static IpPermission tcp(int from, int to, String cidr) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(from).toPort(to)
                .ipRanges(IpRange.builder().cidrIp(cidr).build()).build();
    }

    /** The health of each target of {@code tg} by its address. */
    private Map<String, TargetHealth> health(String tg) {
        Map<String, TargetHealth> out = new java.util.HashMap<>();
        for (TargetHealthDescription d : elb.describeTargetHealth(r -> r.targetGroupArn(tg))
                .targetHealthDescriptions()) {
            out.put(d.target().id(), d.targetHealth());
        }
        return out;
    }

    /** Waits up to 30 s until the targets on A and B are in the given states. */
    private void awaitHealth(String tg, TargetHealthStateEnum stateA, TargetHealthStateEnum stateB)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, TargetHealth> seen = health(tg);
        while (seen.get(ADDRESS_A).state() != stateA || seen.get(ADDRESS_B).state() != stateB) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected A " + stateA + " and B " + stateB + " within 30 s; saw " + seen);
            }
            Thread.sleep(100); // polling the API with a deadline
            seen = health(tg);
        }
    }

    /** The bodies of {@code n} requests, each on a new connection. */
    private static Set<String> bodies(InetSocketAddress lb, int n) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(ApiTestSupport.get(lb.getHostString(), lb.getPort(), "lb", "/").body());
        }
        return out;
    }

    /** A real HTTP target on {@code address} answering {@code name} and counting the requests it got. */
    private static final class CountingTarget {
        final HttpServer server;
        final AtomicInteger requests = new AtomicInteger();

        CountingTarget(String address, String name) {
            try {
                server = HttpServer.create(new InetSocketAddress(address, 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    requests.incrementAndGet();
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = name.getBytes(StandardCharsets.UTF_8);
                    // no kept-alive connection: every request needs a new target connection, which the rules
                    // decide (an open one would outlive a revoke, as security groups are stateful)
                    exchange.getResponseHeaders().set("Connection", "close");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }
    }
}
