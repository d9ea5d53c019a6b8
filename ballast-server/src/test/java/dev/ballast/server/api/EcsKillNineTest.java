package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.Await;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.Http;
import dev.ballast.server.publish.ApiClients;
import dev.ballast.server.publish.ServicePublisher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * {@code ballast server} as its own JVM runs an ECS service of two tutum/hello-world tasks (process driver) and is
 * killed with SIGKILL; its tasks keep serving. One task is killed while the server is down. The restarted server
 * adopts the live task (same ARN, no duplicate) and replaces the dead one, and both are healthy targets again.
 */
class EcsKillNineTest {
    @TempDir
    Path dataDir;

    private BallastProcess startServer(int apiPort, Path logs, String name) {
        return BallastProcess.start(logs, name, "server", "--data-dir", dataDir.toString(), "--api-port",
                String.valueOf(apiPort), "--public-address", "127.0.0.1", "--dns-port", "0");
    }

    @Test
    void aKilledServerAdoptsItsLiveTasksAndReplacesTheDeadOneOnRestart(@TempDir Path logs) throws Exception {
        int apiPort = Http.freePort();
        int listenerPort = Http.freePort();
        BallastProcess first = startServer(apiPort, logs, "first");
        BallastProcess second = null;
        try (ApiClients api = ApiClients.connect(URI.create("http://127.0.0.1:" + apiPort))) {
            first.awaitPort(apiPort);
            String tg = api.elb().createTargetGroup(b -> b.name("kill9-tg").protocol(ProtocolEnum.HTTP).port(80)
                    .vpcId("vpc-local").targetType(TargetTypeEnum.IP).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                    .healthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
            api.elb().modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                    .key("deregistration_delay.timeout_seconds").value("0").build()));
            String lb = api.elb().createLoadBalancer(b -> b.name("kill9-lb").subnets("subnet-0ba11a5700000000a")).loadBalancers()
                    .get(0).loadBalancerArn();
            api.elb().createListener(b -> b.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(listenerPort)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
            String td = api.ecs().registerTaskDefinition(b -> b.family("kill9").networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                    .containerDefinitions(ContainerDefinition.builder().name("hello").image("tutum/hello-world")
                            .portMappings(PortMapping.builder().containerPort(80).build()).build()))
                    .taskDefinition().taskDefinitionArn();
            // A grace period longer than the test: a health check that times out on a loaded machine must not get the
            // survivor replaced; the test is about adopting it.
            api.ecs().createService(b -> b.serviceName("kill9").taskDefinition(td).desiredCount(2)
                    .launchType(LaunchType.FARGATE).healthCheckGracePeriodSeconds(3600)
                    .networkConfiguration(n -> n.awsvpcConfiguration(AwsVpcConfiguration.builder()
                            .subnets("subnet-0ba11a5700000000a").build()))
                    .loadBalancers(software.amazon.awssdk.services.ecs.model.LoadBalancer.builder().targetGroupArn(tg)
                            .containerName("hello").containerPort(80).build()));
            awaitHealthyTargets(api, tg, 2);
            List<Task> before = running(api);
            assertThat(before).hasSize(2);

            first.killNine();
            // Tasks are separate processes: they keep serving while the server is gone.
            for (Task task : before) {
                assertThat(Http.taskIdAt("http://" + ServicePublisher.taskAddress(task) + ":80/", null))
                        .isEqualTo(ServicePublisher.taskId(task));
            }
            Task survivor = before.get(0);
            Task victim = before.get(1);
            ProcessHandle victimProcess = taskProcess(ServicePublisher.taskId(victim)).orElseThrow();
            victimProcess.destroyForcibly();
            victimProcess.onExit().get();

            second = startServer(apiPort, logs, "second");
            second.awaitPort(apiPort);
            awaitHealthyTargets(api, tg, 2);
            Await.until("the dead task STOPPED and replaced", Duration.ofSeconds(60), () -> {
                List<Task> now = running(api);
                return now.size() == 2 && now.stream().noneMatch(t -> t.taskArn().equals(victim.taskArn()));
            });
            List<Task> after = running(api);
            assertThat(after).extracting(Task::taskArn).contains(survivor.taskArn());
            assertThat(after.stream().filter(t -> t.taskArn().equals(survivor.taskArn())).findFirst().orElseThrow()
                    .startedAt()).as("adopted, not restarted").isEqualTo(survivor.startedAt());
            assertThat(api.ecs().describeTasks(b -> b.tasks(victim.taskArn())).tasks().get(0).lastStatus())
                    .isEqualTo("STOPPED");
            // The dead task is stopped and the survivor never is. (On a loaded machine the scheduler has been seen
            // to start one replacement too many right after the restart and scale it in again: see docs/ecs.md.)
            assertThat(stopped(api)).as("stopped tasks").contains(victim.taskArn())
                    .doesNotContain(survivor.taskArn());

            Set<String> answered = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                answered.add(Http.taskIdAt("http://127.0.0.1:" + listenerPort + "/", null));
            }
            Set<String> runningIds = new HashSet<>();
            after.forEach(t -> runningIds.add(ServicePublisher.taskId(t)));
            assertThat(answered).isEqualTo(runningIds);

            api.ecs().deleteService(b -> b.service("kill9").force(true));
            Await.until("the service's tasks stopped", Duration.ofSeconds(60), () -> running(api).isEmpty());
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
            killLeftoverTasks();
        }
    }

    private static void awaitHealthyTargets(ApiClients api, String tg, int count) {
        Await.until(count + " healthy targets", Duration.ofSeconds(90), () -> api.elb()
                .describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(h -> h.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count() == count);
    }

    private static List<Task> running(ApiClients api) {
        List<String> arns = api.ecs().listTasks(b -> b.serviceName("kill9")).taskArns();
        return arns.isEmpty() ? List.of() : api.ecs().describeTasks(b -> b.tasks(arns)).tasks().stream()
                .filter(t -> t.lastStatus().equals("RUNNING")).toList();
    }

    private static List<String> stopped(ApiClients api) {
        return api.ecs().listTasks(b -> b.serviceName("kill9").desiredStatus(DesiredStatus.STOPPED)).taskArns();
    }


    /** The process of task {@code id}: the process driver runs it in {@code <data-dir>/tasks/<id>}. */
    private Optional<ProcessHandle> taskProcess(String id) {
        Path dir = dataDir.resolve("tasks").resolve(id);
        return ProcessHandle.allProcesses().filter(p -> cwd(p).map(dir::equals).orElse(false)).findFirst();
    }

    private static Optional<Path> cwd(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Kills, by PID, any task process of this test's data directory that a failure left behind. */
    private void killLeftoverTasks() {
        Path tasks = dataDir.resolve("tasks");
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> cwd(p).map(c -> c.startsWith(tasks)).orElse(false)).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
