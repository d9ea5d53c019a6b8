package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.proxy.Await;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * ECS across cluster nodes on a real 3-member etcd: nodes n1 and n2 in this JVM, n3 as its own {@code ballast server}
 * process, each on its own 127.0.1.x. A service created through n1's API is described by n2 at once; its 3 tasks
 * (process driver, tutum/hello-world, awsvpc: each on a loopback address of its own) are spread one per node, each naming its node; n3 and its task processes are
 * killed with SIGKILL (the machine is lost) while clients send requests through n1's and n2's listener: n3's task is
 * recorded STOPPED because its node left, a replacement runs on n1 or n2, its target takes over, and no request
 * fails. Then n1, which leads the ECS scheduler, stops: n2 takes over and runs all 3 tasks.
 */
class ClusterEcsTest {
    /** The in-JVM nodes' lease (and so how long the leader waits for a missing node): short, to keep the test fast. */
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void ecsStateIsFollowedTasksSpreadAKilledNodesTaskIsReplacedWithNoFailedRequestAndTheNextLeaderTakesOver()
            throws Exception {
        List<ControlPlane> nodes = new ArrayList<>();
        BallastProcess third = null;
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 3)) {
            try {
                // awsvpc task addresses of their own per node (n3 takes the default 127.77.0.0/16 from its start)
                nodes.add(ClusterNodes.startWithTasks(dir, etcd, "127.0.1.1", "n1", "127.77.1.0/24", LEASE));
                nodes.add(ClusterNodes.startWithTasks(dir, etcd, "127.0.1.2", "n2", "127.77.2.0/24", LEASE));
                third = BallastProcess.start(dir, "n3", "server", "--etcd", etcd.endpoints(), "--node-address",
                        "127.0.1.3", "--node-name", "n3", "--data-dir", dir.resolve("n3").toString(), "--api-port",
                        "0", "--dns-port", "0", "--event-loops", "1");
                Map<String, String> instanceIds = awaitNodes(nodes.get(0).apiAddress(), 3, third);
                try (EcsClient ecs1 = ApiTestSupport.ecsClient(nodes.get(0).apiAddress(), "a", "a");
                     EcsClient ecs2 = ApiTestSupport.ecsClient(nodes.get(1).apiAddress(), "a", "a");
                     ElasticLoadBalancingV2Client elb1 = ApiTestSupport.client(nodes.get(0).apiAddress(), "a", "a");
                     ElasticLoadBalancingV2Client elb2 = ApiTestSupport.client(nodes.get(1).apiAddress(), "a", "a")) {
                    int port = dev.ballast.server.Http.freePortOn("127.0.1.1", "127.0.1.2", "127.0.1.3");
                    String tg = webBehindListener(elb1, port);

                    ecs1.createCluster(r -> r.clusterName("default"));
                    ecs1.registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.AWSVPC)
                            .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                            .containerDefinitions(ContainerDefinition.builder().name("hello")
                                    .image("tutum/hello-world").portMappings(PortMapping.builder()
                                            .containerPort(80).build()).build()));
                    long created = System.nanoTime();
                    ecs1.createService(r -> r.serviceName("web").taskDefinition("web").desiredCount(3)
                            .launchType(LaunchType.FARGATE).healthCheckGracePeriodSeconds(3600)
                            .networkConfiguration(n -> n.awsvpcConfiguration(AwsVpcConfiguration.builder()
                                    .subnets("subnet-0ba11a5700000000a").build()))
                            .loadBalancers(software.amazon.awssdk.services.ecs.model.LoadBalancer.builder()
                                    .targetGroupArn(tg).containerName("hello").containerPort(80).build()));
                    Await.until("node 2 describes the service node 1 created", Duration.ofSeconds(10), () ->
                            ecs2.describeServices(r -> r.services("web")).services().stream()
                                    .map(Service::status).toList().equals(List.of("ACTIVE")));
                    System.out.printf("ecs across nodes: a service created through n1 was described by n2 after "
                            + "%d ms%n", (System.nanoTime() - created) / 1_000_000);

                    Await.until("3 tasks RUNNING, one on each node", WAIT,
                            () -> nodesOf(running(ecs2)).equals(List.of("n1", "n2", "n3")));
                    for (Task task : running(ecs1)) {
                        String node = attribute(task, "ballast.node");
                        assertThat(task.containerInstanceArn()).isEqualTo(
                                "arn:aws:ecs:us-east-1:000000000000:container-instance/default/"
                                        + instanceIds.get(node));
                        assertThat(attribute(task, "ballast.node-address")).isEqualTo("127.0.1." + node.charAt(1));
                    }
                    awaitHealthy(elb1, tg, 3);
                    awaitHealthy(elb2, tg, 3);
                    Task lost = running(ecs1).stream().filter(t -> attribute(t, "ballast.node").equals("n3"))
                            .findFirst().orElseThrow();

                    try (Load load = new Load(List.of("127.0.1.1", "127.0.1.2"), port)) {
                        load.awaitOk(100);
                        long killed = System.nanoTime();
                        killMachine(third);
                        Await.until("n3's task STOPPED because its node left", WAIT, () -> ecs2.describeTasks(
                                r -> r.tasks(lost.taskArn())).tasks().get(0).lastStatus().equals("STOPPED"));
                        long stoppedMillis = (System.nanoTime() - killed) / 1_000_000;
                        Task stopped = ecs2.describeTasks(r -> r.tasks(lost.taskArn())).tasks().get(0);
                        assertThat(stopped.stopCode().toString()).isEqualTo("TerminationNotice");
                        assertThat(stopped.stoppedReason()).startsWith("Task stopped because the node n3 (instance "
                                + instanceIds.get("n3")).endsWith("left the cluster");
                        Await.until("a replacement RUNNING on n1 or n2 and 3 healthy targets", WAIT, () -> {
                            List<Task> now = running(ecs1);
                            return now.size() == 3 && !nodesOf(now).contains("n3")
                                    && healthy(elb1, tg) == 3 && healthy(elb2, tg) == 3;
                        });
                        long replacedMillis = (System.nanoTime() - killed) / 1_000_000;
                        load.awaitOk(load.ok() + 100);
                        System.out.printf("ecs across nodes: n3 killed; its task STOPPED after %d ms, replaced and "
                                + "healthy after %d ms; requests through n1 and n2: %d ok, %d failed%n",
                                stoppedMillis, replacedMillis, load.ok(), load.failed());
                        assertThat(load.failures()).as("failed requests").isEmpty();
                    }

                    // The scheduler's leader (n1, the first to start) stops: n2 leads at once, gives up n1's tasks
                    // once n1 has been gone for its lease, and runs the service alone.
                    nodes.remove(0).close();
                    long leaderStopped = System.nanoTime();
                    Await.until("n2 runs the 3 tasks alone", WAIT,
                            () -> nodesOf(running(ecs2)).equals(List.of("n2", "n2", "n2")) && healthy(elb2, tg) == 3);
                    System.out.printf("ecs across nodes: the scheduler's leader stopped; the last node ran all 3 "
                            + "tasks, healthy, after %d ms%n", (System.nanoTime() - leaderStopped) / 1_000_000);
                    assertThat(ApiTestSupport.get("127.0.1.2", port, "web-lb", "/").status()).isEqualTo(200);
                }
            } finally {
                if (third != null) {
                    third.close();
                }
                nodes.forEach(ControlPlane::close);
                LeftoverTaskProcesses.kill(dir);
            }
        }
    }

    /** A target group of type ip (checked every 5 s, deregistered at once) behind an ALB listener on {@code port}. */
    private static String webBehindListener(ElasticLoadBalancingV2Client elb, int port) {
        String tg = elb.createTargetGroup(r -> r.name("web-tg").protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.IP).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                .healthyThresholdCount(2).unhealthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("0").build()));
        String lb = elb.createLoadBalancer(r -> r.name("web-lb")).loadBalancers().get(0).loadBalancerArn();
        elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(port)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
        return tg;
    }

    /** SIGKILL for node 3 and its task processes, as when its machine is lost. */
    private static void killMachine(BallastProcess node) throws InterruptedException {
        List<ProcessHandle> tasks = node.process().toHandle().descendants().toList();
        node.killNine();
        tasks.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle task : tasks) {
            task.onExit().join();
        }
    }

    private static List<Task> running(EcsClient ecs) {
        List<String> arns = ecs.listTasks(r -> r.serviceName("web")).taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.tasks(arns)).tasks().stream()
                .filter(t -> t.lastStatus().equals("RUNNING")).toList();
    }

    private static List<String> nodesOf(List<Task> tasks) {
        return tasks.stream().map(t -> attribute(t, "ballast.node")).sorted().toList();
    }

    private static String attribute(Task task, String name) {
        return task.attributes().stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst()
                .orElse("(none)");
    }

    private static long healthy(ElasticLoadBalancingV2Client elb, String tg) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(h -> h.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
    }

    private static void awaitHealthy(ElasticLoadBalancingV2Client elb, String tg, int count) {
        Await.until(count + " healthy targets", WAIT, () -> healthy(elb, tg) == count);
    }

    /** Waits until {@code count} nodes are listed by the API at {@code api}; their instance ids by name. */
    private static Map<String, String> awaitNodes(InetSocketAddress api, int count, BallastProcess third)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> ids = new HashMap<>();
        try {
            Await.until(count + " nodes listed", WAIT, () -> {
                try {
                    JsonNode page = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + api.getPort() + "/ballast/nodes")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    ids.clear();
                    page.path("nodes").forEach(n -> ids.put(n.path("name").asText(), n.path("instanceId").asText()));
                    return ids.size() == count;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; n3's stderr: " + third.stderr(), e);
        }
        return ids;
    }

    /** One client sending GETs through the listener of each address in turn, each on a new connection. */
    private static final class Load implements AutoCloseable {
        private final AtomicInteger ok = new AtomicInteger();
        private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Load(List<String> addresses, int port) {
            thread = new Thread(() -> {
                for (long i = 0; running.get(); i++) {
                    String address = addresses.get((int) (i % addresses.size()));
                    try {
                        ApiTestSupport.Response r = ApiTestSupport.get(address, port, "web-lb", "/");
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(address + ": HTTP " + r.status() + " " + r.body());
                        }
                    } catch (RuntimeException e) {
                        failures.add(address + ": " + e);
                    }
                }
            }, "cluster-ecs-load");
            thread.start();
        }

        int ok() {
            return ok.get();
        }

        int failed() {
            return failures.size();
        }

        List<String> failures() {
            synchronized (failures) {
                return List.copyOf(failures);
            }
        }

        void awaitOk(int count) {
            Await.until(count + " requests answered", WAIT, () -> ok.get() >= count || failed() > 0);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }
}
