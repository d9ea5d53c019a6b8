package dev.ballast.server.api;

import static dev.ballast.server.api.EcsTestSupport.assertEcsError;
import static dev.ballast.server.api.EcsTestSupport.awsvpc;
import static dev.ballast.server.api.EcsTestSupport.cli;
import static dev.ballast.server.api.EcsTestSupport.registerWeb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.EcsContainer;
import dev.ballast.control.ecs.EcsNetworkBinding;
import dev.ballast.control.ecs.EcsTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

/** The ECS task operations driven by the AWS SDK for Java v2's ECS client and by the AWS CLI v2. */
@Timeout(180)
class EcsTaskSdkTest {
    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/";

    @RegisterExtension
    final EcsApiFixture api = new EcsApiFixture();

    private RunTaskRequest.Builder fargate(int count) {
        return RunTaskRequest.builder().taskDefinition("web").count(count).launchType(LaunchType.FARGATE)
                .networkConfiguration(awsvpc());
    }

    @Test
    void runTaskStoresProvisioningTasksWithEveryFieldDescribeTasksShows() throws Exception {
        registerWeb(api.ecs(), "web", NetworkMode.AWSVPC);
        List<Task> started = api.ecs().runTask(fargate(3).startedBy("me")
                .overrides(o -> o.containerOverrides(ContainerOverride.builder().name("web").command("nginx", "-g")
                        .environment(KeyValuePair.builder().name("MODE").value("x").build()).build()))
                .tags(Tag.builder().key("team").value("a").build()).build()).tasks();
        assertThat(started).hasSize(3);
        assertThat(started).extracting(Task::taskArn).doesNotHaveDuplicates()
                .allSatisfy(arn -> assertThat(arn).matches(TASK_ARN + "default/[0-9a-f]{32}"));
        Task task = started.get(0);
        assertThat(task.lastStatus()).isEqualTo("PROVISIONING");
        assertThat(task.desiredStatus()).isEqualTo("RUNNING");
        assertThat(task.group()).isEqualTo("family:web");
        assertThat(task.startedBy()).isEqualTo("me");
        assertThat(task.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(task.platformVersion()).isEqualTo("1.4.0");
        assertThat(task.cpu()).isEqualTo("256");
        assertThat(task.memory()).isEqualTo("512");
        assertThat(task.healthStatusAsString()).isEqualTo("UNKNOWN");
        assertThat(task.connectivityAsString()).isEqualTo("CONNECTED");
        assertThat(task.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(task.version()).isEqualTo(1L);
        assertThat(task.createdAt()).isNotNull();
        assertThat(task.startedAt()).isNull();
        assertThat(task.clusterArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/default");
        assertThat(task.taskDefinitionArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        assertThat(task.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        assertThat(task.overrides().containerOverrides()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("web");
            assertThat(o.command()).containsExactly("nginx", "-g");
            assertThat(o.environment()).extracting(KeyValuePair::value).containsExactly("x");
        });
        assertThat(task.containers()).singleElement().satisfies(c -> {
            assertThat(c.containerArn()).matches("arn:aws:ecs:us-east-1:000000000000:container/default/"
                    + task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1) + "/[0-9a-f-]{36}");
            assertThat(c.taskArn()).isEqualTo(task.taskArn());
            assertThat(c.name()).isEqualTo("web");
            assertThat(c.image()).isEqualTo("nginx");
            assertThat(c.lastStatus()).isEqualTo("PENDING");
            assertThat(c.cpu()).isEqualTo("128");
            assertThat(c.networkBindings()).isEmpty();
        });
        // the network interface exists before the task has an address
        assertThat(task.attachments()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("ElasticNetworkInterface");
            assertThat(a.status()).isEqualTo("PRECREATED");
            assertThat(a.details()).extracting(KeyValuePair::name).containsExactly("subnetId", "networkInterfaceId",
                    "macAddress");
        });

        // the runner's part, played here: the task is RUNNING on its own address
        String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        api.restart(() -> EcsTestSupport.recordObserved(api.dataDir(), draft -> {
            EcsTask t = draft.tasks().get("default/" + id);
            EcsContainer c = t.containers().get(0);
            EcsTask running = EcsTestSupport.observed(t, "RUNNING", "127.0.1.7");
            draft.tasks().put(t.key(), new EcsTask(running.cluster(), running.id(), running.taskDefinition(),
                    running.group(), running.startedBy(), running.serviceName(), running.deploymentId(),
                    running.launchType(), running.desiredStatus(), running.lastStatus(), "HEALTHY",
                    List.of(new EcsContainer(c.id(), c.name(), c.image(), "4242", "RUNNING", null, null, "HEALTHY",
                            List.of(new EcsNetworkBinding("127.0.1.7", 80, 80, "tcp")))),
                    running.containerOverrides(), running.networkConfiguration(), running.privateIpv4Address(),
                    running.driver(), running.driverHandle(), null, null, running.tags(), running.createdAt(),
                    running.startedAt(), null, null, running.version()));
        }));
        Task described = api.ecs().describeTasks(r -> r.tasks(id).include(TaskField.TAGS)).tasks().get(0);
        assertThat(described.lastStatus()).isEqualTo("RUNNING");
        assertThat(described.startedAt()).isNotNull();
        assertThat(described.pullStartedAt()).isNotNull();
        assertThat(described.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        Attachment eni = described.attachments().get(0);
        assertThat(eni.status()).isEqualTo("ATTACHED");
        assertThat(eni.id()).isEqualTo(task.attachments().get(0).id());
        assertThat(eni.details()).filteredOn(d -> d.name().equals("privateIPv4Address"))
                .extracting(KeyValuePair::value).containsExactly("127.0.1.7");
        Container container = described.containers().get(0);
        assertThat(container.runtimeId()).isEqualTo("4242");
        assertThat(container.networkInterfaces()).singleElement().satisfies(n -> {
            assertThat(n.attachmentId()).isEqualTo(eni.id());
            assertThat(n.privateIpv4Address()).isEqualTo("127.0.1.7");
        });
        assertThat(container.networkBindings()).singleElement().satisfies(b -> {
            assertThat(b.bindIP()).isEqualTo("127.0.1.7");
            assertThat(b.hostPort()).isEqualTo(80);
        });
        // what tutorials query for the task address
        assertThat(cli(api.api(), "describe-tasks", "--tasks", id, "--query",
                "tasks[].attachments[].details[?name==`privateIPv4Address`].value").replaceAll("\\s", ""))
                .isEqualTo("[[\"127.0.1.7\"]]");
        var cluster = api.ecs().describeClusters().clusters().get(0);
        assertThat(cluster.runningTasksCount()).isEqualTo(1);
        assertThat(cluster.pendingTasksCount()).isEqualTo(2);
        assertEcsError(() -> api.ecs().deleteCluster(r -> r.cluster("default")), "ClusterContainsTasksException",
                "The Cluster cannot be deleted while Tasks are active.");
    }

    @Test
    void stopTaskAsksTheTaskToStopAndListTasksFilters() {
        registerWeb(api.ecs(), "web", NetworkMode.AWSVPC);
        registerWeb(api.ecs(), "batch", NetworkMode.BRIDGE);
        List<String> web = api.ecs().runTask(fargate(2).build()).tasks().stream().map(Task::taskArn).toList();
        String job = api.ecs().runTask(r -> r.taskDefinition("batch").startedBy("cron").group("jobs")).tasks().get(0)
                .taskArn();

        Task stopping = api.ecs().stopTask(r -> r.task(web.get(0))).task();
        assertThat(stopping.desiredStatus()).isEqualTo("STOPPED");
        assertThat(stopping.lastStatus()).isEqualTo("PROVISIONING");
        assertThat(stopping.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopping.stoppedReason()).isEqualTo("Task stopped by user");
        assertThat(stopping.stoppingAt()).isNotNull();
        assertThat(stopping.version()).isEqualTo(2L);
        String id = job.substring(job.lastIndexOf('/') + 1);
        assertThat(api.ecs().stopTask(r -> r.task(id).reason("done")).task().stoppedReason()).isEqualTo("done");
        // asking again changes nothing
        assertThat(api.ecs().stopTask(r -> r.task(id).reason("again")).task().stoppedReason()).isEqualTo("done");

        assertThat(api.ecs().listTasks().taskArns()).containsExactly(web.get(1));
        assertThat(api.ecs().listTasks(r -> r.desiredStatus(DesiredStatus.STOPPED)).taskArns())
                .containsExactly(web.get(0), job);
        assertThat(api.ecs().listTasks(r -> r.family("batch").desiredStatus(DesiredStatus.STOPPED)).taskArns())
                .containsExactly(job);
        assertThat(api.ecs().listTasks(r -> r.startedBy("cron").desiredStatus(DesiredStatus.STOPPED)).taskArns())
                .containsExactly(job);
        assertThat(api.ecs().listTasks(r -> r.launchType(LaunchType.EC2)).taskArns()).isEmpty();
        assertThat(api.ecs().describeTasks(r -> r.tasks(job)).tasks().get(0).group()).isEqualTo("jobs");

        assertEcsError(() -> api.ecs().stopTask(r -> r.task("0123456789abcdef0123456789abcdef")),
                "InvalidParameterException", "The referenced task was not found.");
        assertEcsError(() -> api.ecs().listTasks(r -> r.serviceName("nope")), "ServiceNotFoundException",
                "Service not found.");
        var described = api.ecs().describeTasks(r -> r.tasks(web.get(1), "0123456789abcdef0123456789abcdef"));
        assertThat(described.tasks()).extracting(Task::taskArn).containsExactly(web.get(1));
        assertThat(described.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo(TASK_ARN + "default/0123456789abcdef0123456789abcdef");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
    }

    @Test
    void listTasksPages() {
        registerWeb(api.ecs(), "web", NetworkMode.BRIDGE);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            api.ecs().runTask(r -> r.taskDefinition("web").count(4)).tasks().forEach(t -> expected.add(t.taskArn()));
        }
        var first = api.ecs().listTasks(r -> r.maxResults(5));
        assertThat(first.taskArns()).containsExactlyElementsOf(expected.subList(0, 5));
        List<String> all = new ArrayList<>();
        api.ecs().listTasksPaginator(r -> r.maxResults(5)).taskArns().forEach(all::add);
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(api.ecs().listTasks().taskArns()).containsExactlyElementsOf(expected);
    }

    @Test
    void badRunTasksAreRefusedAndStoreNothing() {
        registerWeb(api.ecs(), "web", NetworkMode.AWSVPC);
        registerWeb(api.ecs(), "old", NetworkMode.BRIDGE);
        api.ecs().deregisterTaskDefinition(r -> r.taskDefinition("old:1"));
        assertEcsError(() -> api.ecs().runTask(fargate(11).build()), "InvalidParameterException",
                "count: 11 (expected: 1-10)");
        assertEcsError(() -> api.ecs().runTask(r -> r.taskDefinition("web")), "InvalidParameterException",
                "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        assertEcsError(() -> api.ecs().runTask(r -> r.taskDefinition("nope")), "ClientException",
                "TaskDefinition not found.");
        assertEcsError(() -> api.ecs().runTask(r -> r.taskDefinition("old:1")), "InvalidParameterException",
                "TaskDefinition is inactive");
        assertEcsError(() -> api.ecs().runTask(r -> r.taskDefinition("web").cluster("nope")),
                "ClusterNotFoundException",
                "Cluster not found.");
        assertEcsError(() -> api.ecs().runTask(fargate(1)
                .overrides(o -> o.containerOverrides(ContainerOverride.builder()
                .name("app").build())).build()), "InvalidParameterException",
                "overrides.containerOverrides.name: app (expected: one of [web])");
        assertEcsError(() -> api.ecs().describeTasks(r -> r.tasks(List.of())), "InvalidParameterException",
                "tasks: 0 tasks (expected: 1-100)");
        assertThat(api.ecs().listTasks().taskArns()).isEmpty();
    }

    @Test
    void theTaskWaitersReadStatusesAndFailures() throws Exception {
        registerWeb(api.ecs(), "web", NetworkMode.BRIDGE);
        List<String> arns = api.ecs().runTask(r -> r.taskDefinition("web").count(2)).tasks().stream().map(Task::taskArn)
                .toList();
        // a task that does not exist is a terminal failure of tasks-running at the first poll
        assertThat(EcsTestSupport.cliFailure(api.api(), "wait", "tasks-running", "--tasks",
                "0123456789abcdef0123456789abcdef")).contains("terminal failure state");
        api.restart(() -> EcsTestSupport.recordObserved(api.dataDir(), draft -> draft.tasks().replaceAll((k, t) ->
                EcsTestSupport.observed(t, "RUNNING", null))));
        cli(api.api(), "wait", "tasks-running", "--tasks", arns.get(0), arns.get(1));
        api.restart(() -> EcsTestSupport.recordObserved(api.dataDir(), draft -> draft.tasks().replaceAll((k, t) ->
                EcsTestSupport.observed(t, EcsTask.STOPPED, null))));
        cli(api.api(), "wait", "tasks-stopped", "--tasks", arns.get(0), arns.get(1));
        assertThat(api.ecs().describeTasks(r -> r.tasks(arns)).tasks()).allSatisfy(t -> {
            assertThat(t.lastStatus()).isEqualTo("STOPPED");
            assertThat(t.stoppedAt()).isNotNull();
            assertThat(t.executionStoppedAt()).isEqualTo(t.stoppedAt());
        });
        // stopped tasks no longer hold the cluster
        api.ecs().deleteCluster(r -> r.cluster("default"));
    }
}
