package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * Route 53 weighted aliases with {@code EvaluateTargetHealth} to two internal ALBs, on the real control plane: the
 * targets are real HTTP servers probed by Ballast's health checks, and a dnsjava resolver asks Ballast's DNS. An
 * alias drops out of the answer once its ALB's only target fails its checks, and comes back (with the other) when
 * every alias is unhealthy, as Route 53 does. Route 53 health checks are not implemented: a record set naming one is
 * refused.
 */
@Timeout(120)
class Route53HealthRoutingTest {
    private static final Duration HEALTH_CHANGE = Duration.ofSeconds(40);

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private Route53Client route53;
    private ElasticLoadBalancingV2Client elbv2;
    private DnsLookup dns;
    private HttpServer blueTarget;
    private HttpServer greenTarget;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        route53 = ApiTestSupport.route53Client(plane.apiAddress(), "test", "test");
        elbv2 = ApiTestSupport.client(plane.apiAddress(), "test", "test");
        dns = new DnsLookup(plane.dnsAddress());
        blueTarget = ApiTestSupport.target("blue");
        greenTarget = ApiTestSupport.target("green");
    }

    @AfterEach
    void stop() {
        blueTarget.stop(0);
        greenTarget.stop(0);
        route53.close();
        elbv2.close();
        plane.close();
    }

    @Test
    void weightedAliasesThatEvaluateTargetHealthLeaveTheAnswerWhileTheirAlbHasNoHealthyTarget() throws Exception {
        LoadBalancer blue = albWithTarget("blue", blueTarget);
        LoadBalancer green = albWithTarget("green", greenTarget);
        String blueAddress = dns.address(blue.dnsName());
        String greenAddress = dns.address(green.dnsName());
        String zone = route53.createHostedZone(r -> r.name("example.com").callerReference("eth"))
                .hostedZone().id();
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                weightedAlias("app.example.com", "blue", blue),
                weightedAlias("app.example.com", "green", green))));

        awaitAnswers("both ALBs have a healthy target: both aliases answer", Set.of(blueAddress, greenAddress));

        blueTarget.stop(0);
        awaitAnswers("blue's only target fails its checks: only green answers", Set.of(greenAddress));

        greenTarget.stop(0);
        awaitAnswers("no alias is healthy: all answer as if healthy", Set.of(blueAddress, greenAddress));
    }

    @Test
    void aRecordSetWithAHealthCheckIdIsRefusedAndTheBatchChangesNothing() throws IOException {
        String zone = route53.createHostedZone(r -> r.name("example.org").callerReference("hc")).hostedZone().id();

        assertThatThrownBy(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                Change.builder().action(ChangeAction.CREATE).resourceRecordSet(s -> s.name("ok.example.org")
                        .type(RRType.A).ttl(60L).resourceRecords(v -> v.value("192.0.2.1"))).build(),
                Change.builder().action(ChangeAction.CREATE).resourceRecordSet(s -> s.name("www.example.org")
                        .type(RRType.A).ttl(60L).setIdentifier("a").weight(1L).healthCheckId("hc-1")
                        .resourceRecords(v -> v.value("192.0.2.2"))).build()))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchHealthCheck");
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No health check found with ID hc-1");
                });
        assertThat(dns.query("ok.example.org", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    /** Waits until 60 queries in a row get exactly {@code expected} as their answers (one address each). */
    private void awaitAnswers(String what, Set<String> expected) {
        Await.until(what, HEALTH_CHANGE, () -> answers(60).equals(expected));
    }

    private Set<String> answers(int queries) {
        Set<String> seen = new HashSet<>();
        try {
            for (int i = 0; i < queries; i++) {
                var response = dns.query("app.example.com", Type.A);
                assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
                List<String> answer = DnsLookup.rdata(response);
                assertThat(answer).as("one weighted record set per answer").hasSize(1);
                seen.add(answer.get(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seen;
    }

    /** An internal ALB whose HTTP listener forwards to a group holding {@code target}, checked every 5 s. */
    private LoadBalancer albWithTarget(String name, HttpServer target) throws InterruptedException {
        LoadBalancer lb = elbv2.createLoadBalancer(r -> r.name(name + "-lb").scheme(LoadBalancerSchemeEnum.INTERNAL))
                .loadBalancers().get(0);
        String group = elbv2.createTargetGroup(r -> r.name(name + "-tg").protocol(ProtocolEnum.HTTP)
                .port(target.getAddress().getPort()).vpcId("vpc-local").targetType("ip")
                .healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                .healthyThresholdCount(2).unhealthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        elbv2.registerTargets(r -> r.targetGroupArn(group).targets(t -> t.id("127.0.0.1")
                .port(target.getAddress().getPort())));
        elbv2.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn()).protocol(ProtocolEnum.HTTP)
                .port(ApiTestSupport.freePort())
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(group)));
        ApiTestSupport.awaitAllHealthy(elbv2, group, 1);
        return lb;
    }

    private static Change weightedAlias(String name, String id, LoadBalancer target) {
        return Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(s -> s.name(name).type(RRType.A)
                .setIdentifier(id).weight(1L).aliasTarget(a -> a.dnsName(target.dnsName())
                        .hostedZoneId(target.canonicalHostedZoneId()).evaluateTargetHealth(true))).build();
    }
}
