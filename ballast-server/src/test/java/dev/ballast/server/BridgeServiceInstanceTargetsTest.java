package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.Await;
import dev.ballast.server.publish.ApiClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * A bridge-mode ECS service behind an instance target group, on the real control plane with the process driver: its
 * two tutum/hello-world tasks publish dynamic host ports on 127.0.0.1 and become the healthy targets
 * {@code (node instance id, host port)}; traffic through the ALB listener reaches both; deleting the service
 * deregisters them.
 */
class BridgeServiceInstanceTargetsTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;
    private TaskDrivers drivers;
    private ControlPlane plane;
    private ApiClients api;

    @BeforeEach
    void startServer() {
        drivers = TaskDrivers.processOnly(dataDir);
        plane = ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", Map.of(), 1)
                .withTaskDrivers(drivers.drivers(), drivers.defaultDriver()));
        api = ApiClients.connect(URI.create("http://127.0.0.1:" + plane.apiAddress().getPort()));
    }

    @AfterEach
    void stopServer() throws Exception {
        try {
            // Whatever the test left running is removed through the API, so no task process outlives it.
            if (api.ecs().listServices(b -> b.cluster("default")).serviceArns().stream()
                    .anyMatch(a -> a.endsWith("/web"))) {
                api.ecs().deleteService(b -> b.service("web").force(true));
            }
            Await.until("no task running", WAIT, () -> running().isEmpty());
        } finally {
            api.close();
            plane.close();
            drivers.close();
        }
    }

    private List<Task> running() {
        List<String> arns = api.ecs().listTasks(b -> b.serviceName("web")).taskArns();
        return arns.isEmpty() ? List.of() : api.ecs().describeTasks(b -> b.tasks(arns)).tasks().stream()
                .filter(t -> t.lastStatus().equals("RUNNING")).toList();
    }

    private List<TargetHealthDescription> targets(String tg) {
        return api.elb().describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions();
    }

    @Test
    void bridgeTasksAreTheNodeWithTheirHostPortsHealthyAndServing() throws IOException {
        String tg = api.elb().createTargetGroup(b -> b.name("web-instances").protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.INSTANCE).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                .healthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        api.elb().modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("0").build()));
        String lb = api.elb().createLoadBalancer(b -> b.name("web-lb").subnets("subnet-0ba11a5700000000a")).loadBalancers().get(0)
                .loadBalancerArn();
        int listenerPort = Http.freePort();
        api.elb().createListener(b -> b.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(listenerPort)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
        String td = api.ecs().registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.BRIDGE)
                .requiresCompatibilities(Compatibility.EC2)
                .containerDefinitions(ContainerDefinition.builder().name("hello").image("tutum/hello-world")
                        .memory(128).portMappings(PortMapping.builder().containerPort(80).hostPort(0).build())
                        .build())).taskDefinition().taskDefinitionArn();

        api.ecs().createService(b -> b.serviceName("web").taskDefinition(td).desiredCount(2)
                .launchType(LaunchType.EC2)
                .loadBalancers(software.amazon.awssdk.services.ecs.model.LoadBalancer.builder().targetGroupArn(tg)
                        .containerName("hello").containerPort(80).build()));

        Await.until("2 healthy targets", WAIT, () -> targets(tg).stream()
                .filter(h -> h.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count() == 2);
        String node = plane.control().settings().nodeInstance().id();
        Set<Integer> hostPorts = new HashSet<>();
        Set<String> taskIds = new HashSet<>();
        for (Task task : running()) {
            NetworkBinding binding = task.containers().get(0).networkBindings().get(0);
            assertThat(binding.containerPort()).isEqualTo(80);
            hostPorts.add(binding.hostPort());
            taskIds.add(task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1));
        }
        assertThat(hostPorts).hasSize(2);
        assertThat(targets(tg)).allSatisfy(h -> assertThat(h.target().id()).isEqualTo(node))
                .extracting(h -> h.target().port()).containsExactlyInAnyOrderElementsOf(hostPorts);
        assertThat(api.ecs().describeServices(b -> b.services("web")).services().get(0).events())
                .noneMatch(e -> e.message().contains("unable to register"));

        Set<String> answered = new HashSet<>();
        Await.until("both tasks answer through the listener", WAIT, () -> {
            try {
                // the targets are healthy: every request must be answered by a task
                answered.add(Http.taskIdAt("http://127.0.0.1:" + listenerPort + "/", null));
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("a request through the listener failed", e);
            }
            return answered.size() == 2;
        });
        assertThat(answered).isEqualTo(taskIds);

        api.ecs().updateService(b -> b.service("web").desiredCount(0));
        Await.until("the targets deregistered and the tasks stopped", WAIT,
                () -> targets(tg).isEmpty() && running().isEmpty());
    }
}
