package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.etcd.EtcdCluster;
import dev.ballast.proxy.Await;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.ClusterNode;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import dev.ballast.server.hello.HelloServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * Seed 002's shape on a real etcd and three nodes on 127.0.1.1-3 (two in this JVM, the third a {@code ballast server}
 * process so that it can be killed with {@code kill -9}): a service published on one port of every node through the
 * routing mesh (an ALB listener forwarding to three real hello-world targets), and in front of it the Classic load
 * balancer {@code HelloWorldLoadBalancer} whose instances are the three nodes' instance ids, as DescribeInstances
 * lists them. It goes from 0 to 3 of 3 InService; the third node is killed under load through node 1's Classic
 * listener; its instance goes OutOfService as a stopped instance once its lease expires, and no request that started
 * after that fails. The Classic load balancer is itself served by the mesh, so it listens on a port of its own.
 */
class NodesAsInstancesTest {
    private static final String[] NODES = {"127.0.1.1", "127.0.1.2", "127.0.1.3"};

    @TempDir
    Path dir;

    @Test
    void aClassicLoadBalancerOfThreeNodeInstancesLosesNoServiceWhenANodeIsKilled() throws Exception {
        List<HelloServer> tasks = new ArrayList<>();
        List<ControlPlane> nodes = new ArrayList<>();
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 1)) {
            try {
                for (int i = 1; i <= 3; i++) {
                    tasks.add(HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "task-" + i));
                }
                List<Integer> ports = ClusterNodes.freePorts(3, NODES);
                int published = ports.get(0);
                int classicPort = ports.get(1);
                int nodesPort = ports.get(2);
                nodes.add(ClusterNodes.start(dir, etcd, NODES[0], "n1"));
                nodes.add(ClusterNodes.start(dir, etcd, NODES[1], "n2"));
                try (BallastProcess third = BallastProcess.start(dir, "n3", "server", "--etcd", etcd.endpoints(),
                        "--node-address", NODES[2], "--node-name", "n3", "--data-dir", dir.resolve("n3").toString(),
                        "--api-port", "0", "--dns-port", "0", "--event-loops", "1");
                     ElasticLoadBalancingV2Client elbv2 = ApiTestSupport.client(nodes.get(0).apiAddress(), "a", "a");
                     ElasticLoadBalancingClient classic = ClassicSdkTest.client(nodes.get(0).apiAddress());
                     Ec2Client ec2 = ApiTestSupport.ec2Client(nodes.get(0).apiAddress(), "a", "a")) {
                    // the nodes are the instances
                    Map<String, String> idByAddress = ClusterNodes.awaitInstances(ec2, third, NODES);
                    List<String> ids = List.copyOf(idByAddress.values());

                    publishOnEveryNode(elbv2, published, tasks);
                    String nodesGroup = instanceGroupOverTheNodes(elbv2, nodesPort, published, ids);

                    HelloWorldClassic.create(classic, classicPort, published);
                    assertThatThrownBy(() -> classic.registerInstancesWithLoadBalancer(b -> b
                            .loadBalancerName(HelloWorldClassic.NAME)
                            .instances(i -> i.instanceId("i-0ba11a57000000009"))))
                            .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstance");
                                assertThat(e.awsErrorDetails().errorMessage())
                                        .isEqualTo("Could not find EC2 instance i-0ba11a57000000009.");
                            });
                    HelloWorldClassic.register(classic, ids);
                    assertThat(HelloWorldClassic.health(classic)).as("0 of 3 InService at first").hasSize(3)
                            .noneMatch(s -> s.state().equals("InService"));
                    Await.until("3 of 3 InService", Duration.ofSeconds(60),
                            () -> HelloWorldClassic.inService(classic) == 3);

                    TimedLoad load = TimedLoad.start(List.of("http://" + NODES[0] + ":" + classicPort + "/"));
                    try {
                        Await.until("requests through the Classic load balancer", Duration.ofSeconds(30),
                                () -> load.succeeded() >= 50);
                        long killed = System.nanoTime();
                        third.killNine();
                        String gone = idByAddress.get(NODES[2]);
                        Await.until("the killed node's instance out of service", ClusterNode.DEFAULT_LEASE_TTL
                                .multipliedBy(6), () -> HelloWorldClassic.stopped(classic, gone));
                        long left = System.nanoTime();
                        assertThat(HelloWorldClassic.health(classic)).filteredOn(s -> !s.instanceId().equals(gone))
                                .extracting(InstanceState::state).containsOnly("InService");
                        TargetHealthDescription row = elbv2.describeTargetHealth(b -> b.targetGroupArn(nodesGroup))
                                .targetHealthDescriptions().stream()
                                .filter(d -> d.target().id().equals(gone)).findFirst().orElseThrow();
                        assertThat(row.targetHealth().stateAsString()).isEqualTo("unused");
                        assertThat(row.targetHealth().reasonAsString()).isEqualTo("Target.InvalidState");
                        assertThat(row.targetHealth().description()).isEqualTo("Target is in the stopped state");
                        assertThat(ClusterNodes.instances(ec2)).extracting(Instance::privateIpAddress)
                                .containsExactlyInAnyOrder(NODES[0], NODES[1]);

                        Await.until("200 requests after the node left", Duration.ofSeconds(60),
                                () -> load.startedAfter(left) >= 200);
                        load.stop();
                        System.out.printf("seed 002: node killed; its instance OutOfService after %d ms; "
                                        + "%d requests, %d failed before it left, %d failed after it left%n",
                                (left - killed) / 1_000_000, load.total(), load.failedBefore(left),
                                load.failedAfter(left));
                        assertThat(load.failedAfter(left)).as("failed requests started after the node left: %s",
                                load.failures()).isZero();
                    } finally {
                        load.stop();
                    }
                }
            } finally {
                nodes.forEach(ControlPlane::close);
                tasks.forEach(HelloServer::close);
            }
        }
    }

    /** An ALB listener on {@code port} of every node forwarding to {@code tasks}; returns once every node serves it. */
    private static void publishOnEveryNode(ElasticLoadBalancingV2Client elbv2, int port, List<HelloServer> tasks) {
        String lb = elbv2.createLoadBalancer(b -> b.name("web")).loadBalancers().get(0).loadBalancerArn();
        String tg = elbv2.createTargetGroup(b -> b.name("web-tasks").protocol("HTTP").port(80).targetType("ip").vpcId(
                "vpc-0ba11a570000000").healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2).healthyThresholdCount(2))
                .targetGroups().get(0).targetGroupArn();
        elbv2.registerTargets(b -> b.targetGroupArn(tg).targets(tasks.stream().map(t -> TargetDescription.builder()
                .id("127.0.0.1").port(t.address().getPort()).build()).toList()));
        elbv2.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        for (String node : NODES) {
            Await.until("node " + node + " serves :" + port, Duration.ofSeconds(30), () -> {
                try {
                    return Http.get("http://" + node + ":" + port + "/", null).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /**
     * An instance target group of the nodes on {@code targetPort}, used by a listener on {@code port} (so that it
     * is checked); an instance that does not run is refused. Returns its ARN.
     */
    private static String instanceGroupOverTheNodes(ElasticLoadBalancingV2Client elbv2, int port, int targetPort,
                                                    List<String> ids) {
        String lb = elbv2.createLoadBalancer(b -> b.name("nodes")).loadBalancers().get(0).loadBalancerArn();
        String tg = elbv2.createTargetGroup(b -> b.name("nodes").protocol("HTTP").port(targetPort).targetType(
                "instance").vpcId("vpc-0ba11a570000000").healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2).healthyThresholdCount(2))
                .targetGroups().get(0).targetGroupArn();
        assertThatThrownBy(() -> elbv2.registerTargets(b -> b.targetGroupArn(tg).targets(t -> t
                .id("i-0ba11a57000000009")))).isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(
                e.awsErrorDetails().errorCode()).isEqualTo("InvalidTarget"));
        elbv2.registerTargets(b -> b.targetGroupArn(tg).targets(ids.stream().map(id -> TargetDescription.builder()
                .id(id).build()).toList()));
        elbv2.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        return tg;
    }
}
