package dev.ballast.server.api;

import static dev.ballast.server.api.EcsTestSupport.assertEcsError;
import static dev.ballast.server.api.EcsTestSupport.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/** The ECS task definition operations driven by the AWS SDK for Java v2's ECS client and by the AWS CLI v2. */
@Timeout(120)
class EcsTaskDefinitionSdkTest {
    private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:task-definition/";

    @RegisterExtension
    final EcsApiFixture api = new EcsApiFixture();

    @Test
    void registerNumbersRevisionsPerFamilyAndKeepsTheDefinition() {
        TaskDefinition first = register("web");
        assertThat(first.taskDefinitionArn()).isEqualTo(ARN + "web:1");
        assertThat(first.family()).isEqualTo("web");
        assertThat(first.revision()).isEqualTo(1);
        assertThat(first.status()).isEqualTo(TaskDefinitionStatus.ACTIVE);
        assertThat(first.networkMode()).isEqualTo(NetworkMode.AWSVPC);
        assertThat(first.requiresCompatibilities()).containsExactly(Compatibility.FARGATE);
        assertThat(first.cpu()).isEqualTo("256");
        assertThat(first.memory()).isEqualTo("512");
        assertThat(first.registeredAt()).isNotNull();
        ContainerDefinition container = first.containerDefinitions().get(0);
        assertThat(container.name()).isEqualTo("app");
        assertThat(container.image()).isEqualTo("nginx:1.27");
        assertThat(container.memory()).isEqualTo(128);
        assertThat(container.essential()).isTrue();
        assertThat(container.portMappings()).containsExactly(PortMapping.builder().containerPort(80).hostPort(80)
                .protocol(TransportProtocol.TCP).build());
        assertThat(container.environment()).containsExactly(KeyValuePair.builder().name("MODE").value("prod")
                .build());
        assertThat(container.command()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(container.entryPoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(first.containerDefinitions().get(1).essential()).isFalse();

        assertThat(register("web").revision()).isEqualTo(2);
        assertThat(register("api").revision()).isEqualTo(1);
        TaskDefinition bridge = api.ecs().registerTaskDefinition(r -> r.family("plain").containerDefinitions(c -> c
                .name("a").image("busybox").memory(64).portMappings(p -> p.containerPort(8080)))).taskDefinition();
        assertThat(bridge.networkMode()).isEqualTo(NetworkMode.BRIDGE);
        assertThat(bridge.containerDefinitions().get(0).portMappings().get(0).protocol())
                .isEqualTo(TransportProtocol.TCP);
    }

    @Test
    void describeByFamilyFamilyRevisionAndArn() {
        register("web");
        register("web");
        assertThat(describe("web").revision()).isEqualTo(2);
        assertThat(describe("web:1").revision()).isEqualTo(1);
        assertThat(describe(ARN + "web:1").taskDefinitionArn()).isEqualTo(ARN + "web:1");
        assertEcsError(() -> describe("web:3"), "ClientException", "Unable to describe task definition.");
        assertEcsError(() -> describe("nope"), "ClientException", "Unable to describe task definition.");
    }

    @Test
    void listFiltersByPrefixAndStatusSortsAndPages() {
        register("web");
        register("api");
        register("web");
        register("worker");
        assertThat(api.ecs().listTaskDefinitions().taskDefinitionArns())
                .containsExactly(ARN + "api:1", ARN + "web:1", ARN + "web:2", ARN + "worker:1");
        assertThat(api.ecs().listTaskDefinitions(r -> r.familyPrefix("w").sort(SortOrder.DESC)).taskDefinitionArns())
                .containsExactly(ARN + "worker:1", ARN + "web:2", ARN + "web:1");

        ListTaskDefinitionsResponse first = api.ecs().listTaskDefinitions(r -> r.maxResults(3));
        assertThat(first.taskDefinitionArns()).containsExactly(ARN + "api:1", ARN + "web:1", ARN + "web:2");
        assertThat(first.nextToken()).isNotEmpty();
        List<String> all = new ArrayList<>();
        api.ecs().listTaskDefinitionsPaginator(r -> r.maxResults(1)).taskDefinitionArns().forEach(all::add);
        assertThat(all).containsExactly(ARN + "api:1", ARN + "web:1", ARN + "web:2", ARN + "worker:1");
    }

    @Test
    void deregisterMakesARevisionInactiveButDescribable() {
        register("web");
        register("web");
        TaskDefinition gone = api.ecs().deregisterTaskDefinition(r -> r.taskDefinition("web:2")).taskDefinition();
        assertThat(gone.status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
        assertThat(gone.deregisteredAt()).isNotNull();
        assertThat(describe("web:2").status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
        // a bare family now means the latest ACTIVE revision
        assertThat(describe("web").revision()).isEqualTo(1);
        assertThat(api.ecs().listTaskDefinitions().taskDefinitionArns()).containsExactly(ARN + "web:1");
        assertThat(api.ecs().listTaskDefinitions(r -> r.status(TaskDefinitionStatus.INACTIVE)).taskDefinitionArns())
                .containsExactly(ARN + "web:2");
        // the next revision still counts on from the highest one
        assertThat(register("web").revision()).isEqualTo(3);
    }

    @Test
    void badDefinitionsAreRefusedAndChangeNothing() {
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.containerDefinitions(c -> c.name("a").image("b"))),
                "ClientException", "family: missing (expected: up to 255 letters, numbers, hyphens and underscores)");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("bad family!").containerDefinitions(c -> c
                .name("a").image("b"))), "ClientException",
                "family: bad family! (expected: up to 255 letters, numbers, hyphens and underscores)");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("x".repeat(256)).containerDefinitions(c -> c
                .name("a").image("b"))), "ClientException",
                "family: " + "x".repeat(256) + " (expected: up to 255 letters, numbers, hyphens and underscores)");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("web")), "ClientException",
                "Container list cannot be empty.");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("web").containerDefinitions(c -> c.image("b"))),
                "ClientException", "Container.name should not be null or empty.");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("web").containerDefinitions(c -> c.name("a"))),
                "ClientException", "Container.image should not be null or empty.");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("web").containerDefinitions(
                        ContainerDefinition.builder().name("a").image("b").build(),
                        ContainerDefinition.builder().name("a").image("c").build())), "ClientException",
                "containerDefinitions.name: a (expected: container names unique within the task definition)");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("web").networkMode("overlay")
                .containerDefinitions(c -> c.name("a").image("b"))), "InvalidParameterException",
                "networkMode: overlay (expected: one of [awsvpc, bridge, host])");
        assertEcsError(() -> api.ecs().deregisterTaskDefinition(r -> r.taskDefinition("web")), "ClientException",
                "taskDefinition: web (expected: family:revision or the ARN of a task definition revision)");
        assertEcsError(() -> api.ecs().deregisterTaskDefinition(r -> r.taskDefinition("web:1")), "ClientException",
                "The specified task definition does not exist.");
        assertEcsError(() -> api.ecs().listTaskDefinitions(r -> r.nextToken("forged")), "InvalidParameterException",
                "nextToken: forged (expected: a nextToken from a previous ListTaskDefinitions response)");
        assertThat(api.ecs().listTaskDefinitions().taskDefinitionArns()).isEmpty();
        assertThat(api.ecs().listTaskDefinitions(r -> r.status(TaskDefinitionStatus.INACTIVE)).taskDefinitionArns())
                .isEmpty();
        assertThat(register("web").revision()).isEqualTo(1);
    }

    @Test
    void taskDefinitionsSurviveARestart() {
        register("web");
        register("web");
        api.ecs().deregisterTaskDefinition(r -> r.taskDefinition("web:1"));

        api.restart(() -> { });
        assertThat(api.ecs().listTaskDefinitions().taskDefinitionArns()).containsExactly(ARN + "web:2");
        assertThat(describe("web:1").status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
        TaskDefinition kept = describe("web");
        assertThat(kept.revision()).isEqualTo(2);
        assertThat(kept.containerDefinitions().get(0).environment()).containsExactly(KeyValuePair.builder()
                .name("MODE").value("prod").build());
        assertThat(register("web").revision()).isEqualTo(3);
    }

    @Test
    void theAwsCliRegistersAndDescribes() throws Exception {
        String registered = cli(api.api(), "register-task-definition", "--family", "web",
                "--container-definitions",
                "[{\"name\":\"app\",\"image\":\"nginx\",\"memory\":128,"
                        + "\"portMappings\":[{\"containerPort\":80,\"protocol\":\"tcp\"}]}]");
        assertThat(registered).contains("\"taskDefinitionArn\": \"" + ARN + "web:1\"")
                .contains("\"networkMode\": \"bridge\"");
        String described = cli(api.api(), "describe-task-definition", "--task-definition", "web");
        assertThat(described).contains("\"family\": \"web\"").contains("\"revision\": 1")
                .contains("\"image\": \"nginx\"").contains("\"containerPort\": 80");
    }

    @Test
    void containerSettingsPortDefaultsFamiliesAndTagsAreKept() {
        TaskDefinition registered = api.ecs().registerTaskDefinition(r -> r.family("checked").networkMode(NetworkMode.AWSVPC)
                .tags(Tag.builder().key("team").value("a").build())
                .containerDefinitions(ContainerDefinition.builder().name("app").image("nginx").memoryReservation(64)
                        .stopTimeout(10).dockerLabels(Map.of("traefik.enable", "true"))
                        .healthCheck(h -> h.command("CMD-SHELL", "curl -f http://localhost/ || exit 1")
                                .startPeriod(10))
                        .portMappings(PortMapping.builder().containerPort(8080).build()).build())).taskDefinition();
        ContainerDefinition app = registered.containerDefinitions().get(0);
        assertThat(app.memoryReservation()).isEqualTo(64);
        assertThat(app.stopTimeout()).isEqualTo(10);
        assertThat(app.dockerLabels()).containsExactly(Map.entry("traefik.enable", "true"));
        assertThat(app.healthCheck().command()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
        // ECS's defaults for what the check leaves out
        assertThat(app.healthCheck().interval()).isEqualTo(30);
        assertThat(app.healthCheck().timeout()).isEqualTo(5);
        assertThat(app.healthCheck().retries()).isEqualTo(3);
        assertThat(app.healthCheck().startPeriod()).isEqualTo(10);
        // awsvpc publishes the container port itself
        assertThat(app.portMappings().get(0).hostPort()).isEqualTo(8080);
        var described = api.ecs().describeTaskDefinition(r -> r.taskDefinition("checked").include(TaskDefinitionField.TAGS));
        assertThat(described.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        assertThat(described.taskDefinition().containerDefinitions().get(0)).isEqualTo(app);
        api.restart(() -> { });
        assertThat(api.ecs().describeTaskDefinition(r -> r.taskDefinition("checked:1")).taskDefinition()
                .containerDefinitions()).containsExactly(app);

        register("web");
        api.ecs().deregisterTaskDefinition(r -> r.taskDefinition("checked:1"));
        assertThat(api.ecs().listTaskDefinitionFamilies().families()).containsExactly("web");
        assertThat(api.ecs().listTaskDefinitionFamilies(r -> r.status(TaskDefinitionFamilyStatus.INACTIVE)).families())
                .containsExactly("checked");
        assertThat(api.ecs().listTaskDefinitionFamilies(r -> r.status(TaskDefinitionFamilyStatus.ALL)).families())
                .containsExactly("checked", "web");
        assertThat(api.ecs().listTaskDefinitionFamilies(r -> r.familyPrefix("w").status(TaskDefinitionFamilyStatus.ALL))
                .families()).containsExactly("web");
        assertThat(api.ecs().listTaskDefinitionFamilies(r -> r.maxResults(1).status(TaskDefinitionFamilyStatus.ALL))
                .nextToken()).isNotEmpty();
    }

    @Test
    void fargateAndNetworkRulesAnswerWithEcsMessages() {
        ContainerDefinition app = ContainerDefinition.builder().name("app").image("nginx")
                .portMappings(PortMapping.builder().containerPort(80).hostPort(8080).build()).build();
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("f").requiresCompatibilities(
                Compatibility.FARGATE).cpu("256").memory("512").containerDefinitions(app)), "ClientException",
                "Fargate only supports network mode \u2018awsvpc\u2019.");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("f").requiresCompatibilities(
                Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).memory("512").containerDefinitions(app)),
                "ClientException", "Fargate requires that 'cpu' be defined at the task level.");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("f").networkMode(NetworkMode.AWSVPC)
                .containerDefinitions(app)), "ClientException",
                "When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("f").requiresCompatibilities(
                Compatibility.EC2).containerDefinitions(app)), "ClientException",
                "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be "
                        + "specified.");
        assertEcsError(() -> api.ecs().registerTaskDefinition(r -> r.family("f").containerDefinitions(app.toBuilder()
                .healthCheck(h -> h.command("curl")).build())), "InvalidParameterException",
                "healthCheck.command: [curl] (expected: [\"CMD\", executable, args…] or [\"CMD-SHELL\", command])");
        assertThat(api.ecs().listTaskDefinitionFamilies(r -> r.status(TaskDefinitionFamilyStatus.ALL)).families())
                .isEmpty();
    }

    private TaskDefinition register(String family) {
        RegisterTaskDefinitionRequest request = RegisterTaskDefinitionRequest.builder()
                .family(family)
                .networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256")
                .memory("512")
                .containerDefinitions(
                        ContainerDefinition.builder().name("app").image("nginx:1.27").memory(128)
                                .portMappings(PortMapping.builder().containerPort(80).hostPort(80)
                                        .protocol(TransportProtocol.TCP).build())
                                .environment(KeyValuePair.builder().name("MODE").value("prod").build())
                                .command("nginx", "-g", "daemon off;")
                                .entryPoint("/docker-entrypoint.sh")
                                .build(),
                        ContainerDefinition.builder().name("sidecar").image("busybox").essential(false).build())
                .build();
        return api.ecs().registerTaskDefinition(request).taskDefinition();
    }

    private TaskDefinition describe(String reference) {
        return api.ecs().describeTaskDefinition(r -> r.taskDefinition(reference)).taskDefinition();
    }
}
