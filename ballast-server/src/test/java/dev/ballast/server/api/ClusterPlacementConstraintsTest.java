package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.control.cluster.NodeProfile;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.LeftoverTasks;
import java.io.IOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PlacementConstraint;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.PlacementStrategy;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * ECS placement across three nodes on a real 3-member etcd, each node with its own zone and attributes
 * (n1: us-east-1a, stage=blue; n2: us-east-1a, stage=green; n3: us-east-1b, stage=blue) and tasks run by the process
 * driver ({@code sleep}): spread by zone puts 2 tasks in both zones (the default spread would have used n1 and n2,
 * both in us-east-1a); memberOf {@code attribute:stage == blue} places 3 tasks on n1 and n3 only; distinctInstance
 * runs 3 of 4 tasks one per node while the 4th stays pending, unplaced, with ECS's event and reason; RunTask's own
 * memberOf on {@code ec2InstanceId} places on that node; scaling the distinct service to 3 stops the unplaced task.
 */
class ClusterPlacementConstraintsTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void tasksArePlacedByZoneByAttributeAndOnePerNodeWithTheUnplaceableOnePending() throws Exception {
        List<ControlPlane> nodes = new ArrayList<>();
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 3)) {
            try {
                nodes.add(ClusterNodes.startWithTasks(dir, etcd, "127.0.2.1", "n1", "127.78.1.0/24", LEASE,
                        NodeProfile.of("us-east-1a", List.of("stage=blue"), 4096, 8192)));
                nodes.add(ClusterNodes.startWithTasks(dir, etcd, "127.0.2.2", "n2", "127.78.2.0/24", LEASE,
                        NodeProfile.of("us-east-1a", List.of("stage=green"), 4096, 8192)));
                nodes.add(ClusterNodes.startWithTasks(dir, etcd, "127.0.2.3", "n3", "127.78.3.0/24", LEASE,
                        NodeProfile.of("us-east-1b", List.of("stage=blue"), 4096, 8192)));
                Map<String, String> ids = awaitNodes(nodes, 3);
                try (EcsClient ecs = ApiTestSupport.ecsClient(nodes.get(1).apiAddress(), "a", "a")) {
                    ecs.createCluster(r -> r.clusterName("default"));
                    ecs.registerTaskDefinition(r -> r.family("sleeper").networkMode(NetworkMode.BRIDGE)
                            .containerDefinitions(ContainerDefinition.builder().name("sleep").image("busybox")
                                    .cpu(128).memory(64).command("sleep", "600").build()));

                    // spread by zone, on empty nodes: one task in each zone
                    ecs.createService(r -> r.serviceName("zones").taskDefinition("sleeper").desiredCount(2)
                            .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.SPREAD)
                                    .field("attribute:ecs.availability-zone").build()));
                    Await.until("2 zones tasks running", WAIT, () -> running(ecs, "zones").size() == 2);
                    assertThat(running(ecs, "zones")).extracting(Task::availabilityZone)
                            .containsExactlyInAnyOrder("us-east-1a", "us-east-1b");
                    assertThat(nodesOf(running(ecs, "zones"))).contains("n3");

                    // memberOf a custom attribute: blue nodes only
                    ecs.createService(r -> r.serviceName("blue").taskDefinition("sleeper").desiredCount(3)
                            .placementConstraints(PlacementConstraint.builder()
                                    .type(PlacementConstraintType.MEMBER_OF).expression("attribute:stage == blue")
                                    .build()));
                    Await.until("3 blue tasks running", WAIT, () -> running(ecs, "blue").size() == 3);
                    assertThat(nodesOf(running(ecs, "blue"))).containsOnly("n1", "n3").contains("n1", "n3");

                    // distinctInstance: 3 nodes take 3 of 4 tasks; the 4th waits unplaced, with the reason
                    ecs.createService(r -> r.serviceName("distinct").taskDefinition("sleeper").desiredCount(4)
                            .placementConstraints(PlacementConstraint.builder()
                                    .type(PlacementConstraintType.DISTINCT_INSTANCE).build()));
                    Await.until("3 distinct tasks running", WAIT, () -> running(ecs, "distinct").size() == 3);
                    assertThat(nodesOf(running(ecs, "distinct"))).containsExactlyInAnyOrder("n1", "n2", "n3");
                    List<Task> pending = tasks(ecs, "distinct").stream()
                            .filter(t -> !t.lastStatus().equals("RUNNING")).toList();
                    assertThat(pending).hasSize(1);
                    assertThat(pending.get(0).lastStatus()).isEqualTo("PROVISIONING");
                    assertThat(pending.get(0).containerInstanceArn()).isNull();
                    var service = ecs.describeServices(r -> r.services("distinct")).services().get(0);
                    assertThat(service.runningCount()).isEqualTo(3);
                    assertThat(service.pendingCount()).isEqualTo(1);
                    assertThat(service.events()).anySatisfy(e -> assertThat(e.message()).matches(
                            "\\(service distinct\\) was unable to place a task because no container instance met "
                                    + "all of its requirements\\. The closest matching \\(container-instance "
                                    + "i-[0-9a-f]{17}\\) is already running a task of the group service:distinct "
                                    + "\\(distinctInstance\\)\\."));

                    // RunTask's own constraint: the node of an instance id
                    String n2 = ids.get("n2");
                    List<String> run = ecs.runTask(r -> r.taskDefinition("sleeper").count(2).group("batch")
                            .placementConstraints(PlacementConstraint.builder()
                                    .type(PlacementConstraintType.MEMBER_OF).expression("ec2InstanceId == " + n2)
                                    .build())).tasks().stream().map(Task::taskArn).toList();
                    Await.until("the RunTask tasks running", WAIT, () -> ecs.describeTasks(r -> r.tasks(run)).tasks()
                            .stream().allMatch(t -> t.lastStatus().equals("RUNNING")));
                    for (Task t : ecs.describeTasks(r -> r.tasks(run)).tasks()) {
                        assertThat(t.containerInstanceArn()).endsWith("/" + n2);
                        assertThat(attribute(t, "ballast.node")).isEqualTo("n2");
                    }

                    // scaling in stops the unplaced task first: it is recorded STOPPED without running
                    ecs.updateService(r -> r.service("distinct").desiredCount(3));
                    Await.until("the unplaced task stopped", WAIT, () -> ecs.describeTasks(r -> r.tasks(
                            pending.get(0).taskArn())).tasks().get(0).lastStatus().equals("STOPPED"));
                    assertThat(running(ecs, "distinct")).hasSize(3);
                }
            } finally {
                nodes.forEach(ControlPlane::close);
                LeftoverTasks.killUnder(dir);
            }
        }
    }

    private static List<Task> tasks(EcsClient ecs, String service) {
        List<String> arns = ecs.listTasks(r -> r.serviceName(service)).taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.tasks(arns)).tasks();
    }

    private static List<Task> running(EcsClient ecs, String service) {
        return tasks(ecs, service).stream().filter(t -> t.lastStatus().equals("RUNNING")).toList();
    }

    private static List<String> nodesOf(List<Task> tasks) {
        return tasks.stream().map(t -> attribute(t, "ballast.node")).sorted().toList();
    }

    private static String attribute(Task task, String name) {
        return task.attributes().stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst()
                .orElse("(none)");
    }

    /** Waits until every node's API lists {@code count} nodes; their instance ids by name. */
    private static Map<String, String> awaitNodes(List<ControlPlane> nodes, int count) {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> ids = new HashMap<>();
        Await.until(count + " nodes listed by every node", WAIT, () -> {
            for (ControlPlane node : nodes) {
                try {
                    JsonNode page = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + node.apiAddress().getPort() + "/ballast/nodes")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    ids.clear();
                    page.path("nodes").forEach(n -> ids.put(n.path("name").asText(), n.path("instanceId").asText()));
                    if (ids.size() != count) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        });
        return ids;
    }
}
