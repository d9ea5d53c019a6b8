package dev.ballast.server.api;

import static dev.ballast.server.api.ApiTestSupport.freePort;
import static dev.ballast.server.api.ApiTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.proxy.Await;
import dev.ballast.server.BallastProcess;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Runs {@code ballast server} as its own JVM, kills it with SIGKILL during a burst of API calls, restarts it on the
 * same data directory and checks that everything acknowledged is back and the listeners serve traffic again.
 */
class KillNineRestartTest {
    @TempDir
    Path dataDir;

    private BallastProcess startServer(int apiPort, Path logs, String name) {
        return BallastProcess.start(logs, name, "server", "--data-dir", dataDir.toString(), "--api-port",
                String.valueOf(apiPort), "--public-address", "127.0.0.1", "--dns-port", "0");
    }

    @Test
    void everythingAcknowledgedSurvivesKillNine(@TempDir Path logs) throws Exception {
        HttpServer target = ApiTestSupport.target("survivor");
        int apiPort = freePort();
        int listenerPort = freePort();
        BallastProcess first = startServer(apiPort, logs, "first");
        try {
            first.awaitPort(apiPort);
            ElasticLoadBalancingV2Client elb = ApiTestSupport.client(new InetSocketAddress("127.0.0.1", apiPort),
                    "any", "any");
            LoadBalancer lb = elb.createLoadBalancer(r -> r.name("durable-lb").tags(Tag.builder().key("k")
                    .value("v").build())).loadBalancers().get(0);
            elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn()).attributes(
                    LoadBalancerAttribute.builder().key("idle_timeout.timeout_seconds").value("77").build()));
            TargetGroup tg = elb.createTargetGroup(r -> r.name("durable-tg").protocol(ProtocolEnum.HTTP).port(80)
                    .targetType(TargetTypeEnum.IP)).targetGroups().get(0);
            TargetGroup burstGroup = elb.createTargetGroup(r -> r.name("burst-tg").protocol(ProtocolEnum.HTTP)
                    .port(80).targetType(TargetTypeEnum.IP)).targetGroups().get(0);
            elb.registerTargets(r -> r.targetGroupArn(tg.targetGroupArn()).targets(TargetDescription.builder()
                    .id("127.0.0.1").port(target.getAddress().getPort()).build()));
            String listenerArn = elb.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn())
                    .protocol(ProtocolEnum.HTTP).port(listenerPort).defaultActions(Action.builder()
                            .type(ActionTypeEnum.FORWARD).targetGroupArn(tg.targetGroupArn()).build()))
                    .listeners().get(0).listenerArn();
            elb.createRule(r -> r.listenerArn(listenerArn).priority(7).conditions(RuleCondition.builder()
                    .field("path-pattern").values("/teapot").build()).actions(Action.builder()
                    .type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("418")).build()));
            assertThat(get("127.0.0.1", listenerPort, "x", "/").body()).isEqualTo("survivor");

            // A burst of registrations; SIGKILL lands in the middle of it.
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Thread burst = new Thread(() -> {
                for (int i = 1; i < 5000; i++) {
                    String ip = "10.7." + (i / 250) + "." + (i % 250 + 1);
                    try {
                        elb.registerTargets(r -> r.targetGroupArn(burstGroup.targetGroupArn())
                                .targets(TargetDescription.builder().id(ip).port(8080).build()));
                        acknowledged.add(ip);
                    } catch (RuntimeException e) {
                        return; // the server is gone
                    }
                }
            });
            burst.start();
            Await.until("50 registrations acknowledged", Duration.ofSeconds(30), () -> acknowledged.size() >= 50);
            first.killNine();
            burst.join(10_000);
            elb.close();
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(50).isLessThan(4999);

            try (BallastProcess second = startServer(apiPort, logs, "second")) {
                second.awaitPort(apiPort);
                ElasticLoadBalancingV2Client again = ApiTestSupport.client(
                        new InetSocketAddress("127.0.0.1", apiPort), "any", "any");
                LoadBalancer back = again.describeLoadBalancers(r -> r.names("durable-lb")).loadBalancers().get(0);
                assertThat(back.loadBalancerArn()).isEqualTo(lb.loadBalancerArn());
                assertThat(back.dnsName()).isEqualTo(lb.dnsName());
                assertThat(again.describeTags(r -> r.resourceArns(lb.loadBalancerArn())).tagDescriptions().get(0)
                        .tags()).containsExactly(Tag.builder().key("k").value("v").build());
                assertThat(again.describeLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                        .attributes()).contains(LoadBalancerAttribute.builder().key("idle_timeout.timeout_seconds")
                        .value("77").build());
                List<Rule> rules = again.describeRules(r -> r.listenerArn(listenerArn)).rules();
                assertThat(rules).extracting(Rule::priority).containsExactly("7", "default");
                Set<String> registered = again.describeTargetHealth(r -> r.targetGroupArn(
                        burstGroup.targetGroupArn())).targetHealthDescriptions().stream()
                        .map(d -> d.target().id()).collect(Collectors.toSet());
                assertThat(registered).containsAll(acknowledged);
                // At most the one call in flight at the kill may have committed without being acknowledged.
                assertThat(registered.size()).isBetween(acknowledged.size(), acknowledged.size() + 1);
                // The listener is bound again and routes as before.
                assertThat(get("127.0.0.1", listenerPort, "x", "/").body()).isEqualTo("survivor");
                assertThat(get("127.0.0.1", listenerPort, "x", "/teapot").status()).isEqualTo(418);
                again.close();
            }
        } finally {
            first.close();
            target.stop(0);
        }
    }
}
