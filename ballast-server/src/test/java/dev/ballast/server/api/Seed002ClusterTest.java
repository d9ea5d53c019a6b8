package dev.ballast.server.api;

import static dev.ballast.server.EcsTasks.attribute;
import static dev.ballast.server.EcsTasks.nodesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.proxy.Await;
import dev.ballast.server.BallastCli;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.EcsTasks;
import dev.ballast.server.Http;
import dev.ballast.server.LeftoverTasks;
import dev.ballast.server.publish.ServicePublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Seed 002 end to end on a real 3-member etcd and three nodes (n1 and n2 in this JVM, n3 a {@code ballast server}
 * process started with its own {@code --task-address-range}, so that it can be killed with {@code kill -9}), each on
 * its own 127.0.24.x: {@code ballast service create --publish <port>:80 --replicas 3 tutum/hello-world} publishes a
 * service of 3 process-driver tasks on one port of every node (the seed's 8080; a free port here, so that the test
 * collides with nothing on the machine), its tasks spread one per node; the Classic load balancer
 * {@code HelloWorldLoadBalancer} (HTTP to that port, checked with {@code HTTP:<port>/}) whose instances are the
 * three nodes' instance ids from DescribeInstances goes from 0 to 3 of 3 InService. Then n3 and its task are killed
 * (its machine is lost) under load through n1's and n2's Classic listener: no request that started after n3 left
 * fails, its instance goes OutOfService as a stopped instance, its task is recorded STOPPED because its node left
 * and replaced on n1 or n2, and the service is back to 3 running. The Classic load balancer is served by the mesh
 * as well, so it listens on a port of its own (the published one is taken by the service's listener on every node).
 */
class Seed002ClusterTest {
    private static final String[] NODES = {"127.0.24.1", "127.0.24.2", "127.0.24.3"};
    /** Each node's awsvpc task addresses, apart from the other nodes' (n3's given by --task-address-range). */
    private static final String[] TASK_RANGES = {"127.77.241.0/24", "127.77.242.0/24", "127.77.243.0/24"};
    /** The in-JVM nodes' lease (and so how long the leader waits for a missing node): short, to keep it fast. */
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String SERVICE = "hello-world";

    @TempDir
    Path dir;

    @Test
    void helloWorldLoadBalancerOverThreeNodesGoesTo3InServiceAndLosesNoServiceWhenANodeIsKilled() throws Exception {
        List<ControlPlane> nodes = new ArrayList<>();
        BallastProcess third = null;
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 3)) {
            try {
                nodes.add(ClusterNodes.startWithTasks(dir, etcd, NODES[0], "n1", TASK_RANGES[0], LEASE));
                nodes.add(ClusterNodes.startWithTasks(dir, etcd, NODES[1], "n2", TASK_RANGES[1], LEASE));
                third = BallastProcess.start(dir, "n3", "server", "--etcd", etcd.endpoints(), "--node-address",
                        NODES[2], "--node-name", "n3", "--data-dir", dir.resolve("n3").toString(), "--api-port", "0",
                        "--dns-port", "0", "--event-loops", "1", "--task-address-range", TASK_RANGES[2]);
                String api = "http://127.0.0.1:" + nodes.get(0).apiAddress().getPort();
                try (Ec2Client ec2 = ApiTestSupport.ec2Client(nodes.get(0).apiAddress(), "a", "a");
                     EcsClient ecs1 = ApiTestSupport.ecsClient(nodes.get(0).apiAddress(), "a", "a");
                     EcsClient ecs2 = ApiTestSupport.ecsClient(nodes.get(1).apiAddress(), "a", "a");
                     ElasticLoadBalancingV2Client elb1 = ApiTestSupport.client(nodes.get(0).apiAddress(), "a", "a");
                     ElasticLoadBalancingV2Client elb2 = ApiTestSupport.client(nodes.get(1).apiAddress(), "a", "a");
                     ElasticLoadBalancingClient classic1 = ClassicSdkTest.client(nodes.get(0).apiAddress());
                     ElasticLoadBalancingClient classic2 = ClassicSdkTest.client(nodes.get(1).apiAddress())) {
                    // the three nodes are the instances: all live before the service, so its tasks spread over them
                    Map<String, String> idByAddress = ClusterNodes.awaitInstances(ec2, third, NODES);
                    List<Integer> ports = ClusterNodes.freePorts(2, NODES);
                    int published = ports.get(0);
                    int classicPort = ports.get(1);

                    BallastCli.Result created = BallastCli.run("service", "--endpoint", api, "create", "--name",
                            SERVICE, "--publish", published + ":80", "--replicas", "3", "tutum/hello-world");
                    assertThat(created.exitCode()).as(created.stderr()).isZero();
                    Await.until("3 tasks RUNNING, one on each node", WAIT,
                            () -> nodesOf(EcsTasks.running(ecs1, SERVICE)).equals(List.of("n1", "n2", "n3")));
                    for (Task task : EcsTasks.running(ecs1, SERVICE)) {
                        int node = Integer.parseInt(attribute(task, "ballast.node").substring(1)) - 1;
                        assertThat(task.containerInstanceArn()).endsWith("/" + idByAddress.get(NODES[node]));
                        assertThat(attribute(task, "ballast.node-address")).isEqualTo(NODES[node]);
                        assertThat(LoopbackAddressPool.of(TASK_RANGES[node])
                                .contains(ServicePublisher.taskAddress(task))).as("n%d's task address %s in %s",
                                node + 1, ServicePublisher.taskAddress(task), TASK_RANGES[node]).isTrue();
                    }
                    String tasksGroup = ecs1.describeServices(r -> r.services(SERVICE)).services().get(0)
                            .loadBalancers().get(0).targetGroupArn();

                    HelloWorldClassic.create(classic1, classicPort, published);
                    HelloWorldClassic.register(classic1, List.copyOf(idByAddress.values()));
                    long registered = System.nanoTime();
                    assertThat(HelloWorldClassic.health(classic1)).as("0 of 3 InService at first").hasSize(3)
                            .noneMatch(s -> s.state().equals("InService"));
                    Await.until("3 of 3 InService on n1 and n2", WAIT, () -> HelloWorldClassic.inService(classic1)
                            == 3 && HelloWorldClassic.inService(classic2) == 3);
                    long inServiceMillis = (System.nanoTime() - registered) / 1_000_000;
                    assertAnyNodeReachesEveryTask(classicPort);

                    Task lost = EcsTasks.running(ecs1, SERVICE).stream()
                            .filter(t -> attribute(t, "ballast.node").equals("n3")).findFirst().orElseThrow();
                    String gone = idByAddress.get(NODES[2]);
                    TimedLoad load = TimedLoad.start(List.of("http://" + NODES[0] + ":" + classicPort + "/",
                            "http://" + NODES[1] + ":" + classicPort + "/"));
                    try {
                        Await.until("requests through n1's and n2's Classic listener", WAIT,
                                () -> load.succeeded() >= 100);
                        long killed = System.nanoTime();
                        third.killNineWithDescendants(); // n3's machine is lost, its task with it
                        Await.until("n3's instance out of service on n1 and n2", WAIT,
                                () -> HelloWorldClassic.stopped(classic1, gone)
                                        && HelloWorldClassic.stopped(classic2, gone));
                        long left = System.nanoTime();
                        assertThat(HelloWorldClassic.health(classic1)).filteredOn(s -> !s.instanceId().equals(gone))
                                .extracting(InstanceState::state).containsOnly("InService");

                        Task stopped = EcsTasks.awaitStopped(ecs2, lost.taskArn(), WAIT); // n3's, as its node left
                        long stoppedMillis = (System.nanoTime() - killed) / 1_000_000;
                        assertThat(stopped.stopCode().toString()).isEqualTo("TerminationNotice");
                        assertThat(stopped.stoppedReason()).isEqualTo("Task stopped because the node n3 (instance "
                                + gone + ", " + NODES[2] + ") left the cluster");

                        Await.until("the service back to 3 running tasks on n1 and n2, healthy on both", WAIT, () -> {
                            List<Task> now = EcsTasks.running(ecs1, SERVICE);
                            Service service = ecs1.describeServices(r -> r.services(SERVICE)).services().get(0);
                            return now.size() == 3 && !nodesOf(now).contains("n3") && service.runningCount() == 3
                                    && healthy(elb1, tasksGroup) == 3 && healthy(elb2, tasksGroup) == 3;
                        });
                        long replacedMillis = (System.nanoTime() - killed) / 1_000_000;
                        assertThat(BallastCli.run("service", "--endpoint", api, "ls").stdout())
                                .containsPattern(SERVICE + " +3/3 ");

                        Await.until("200 requests after n3 left", WAIT, () -> load.startedAfter(left) >= 200);
                        load.stop();
                        System.out.printf("seed 002 end to end: 3 of 3 InService %d ms after RegisterInstances; n3 "
                                        + "killed: its instance OutOfService after %d ms, its task STOPPED after %d "
                                        + "ms, the service back to 3 running and healthy after %d ms; requests "
                                        + "through n1 and n2: %d, %d failed before n3 left, %d failed after%n",
                                inServiceMillis, (left - killed) / 1_000_000, stoppedMillis, replacedMillis,
                                load.total(), load.failedBefore(left), load.failedAfter(left));
                        assertThat(load.failedAfter(left)).as("failed requests started after n3 left: %s",
                                load.failures()).isZero();
                    } finally {
                        load.stop();
                    }
                }
            } finally {
                if (third != null) {
                    third.close();
                }
                nodes.forEach(ControlPlane::close);
                LeftoverTasks.killUnder(dir);
            }
        }
    }

    /**
     * Through any node's Classic listener a client reaches every task (the Classic load balancer spreads over the
     * nodes, each node's published port over the tasks, wherever they run).
     */
    private static void assertAnyNodeReachesEveryTask(int classicPort) {
        for (String node : NODES) {
            Set<String> answered = new HashSet<>();
            Await.until("the 3 tasks answer through " + node + "'s Classic listener", WAIT, () -> {
                try {
                    answered.add(Http.taskIdAt("http://" + node + ":" + classicPort + "/", null));
                } catch (Exception e) {
                    return false;
                }
                return answered.size() == 3;
            });
        }
    }

    private static long healthy(ElasticLoadBalancingV2Client elb, String tg) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(h -> h.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
    }
}
