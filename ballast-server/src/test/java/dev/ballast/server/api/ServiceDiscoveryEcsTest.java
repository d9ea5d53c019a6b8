package dev.ballast.server.api;

import static dev.ballast.server.api.EcsTestSupport.assertEcsError;
import static dev.ballast.server.api.EcsTestSupport.awsvpc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import dev.ballast.control.ecs.run.process.ProcessDriver;
import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.hello.HelloImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceRegistry;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.RecordType;

/**
 * Scenario S4's discovery: an ECS service whose tasks run on the real process driver, with {@code serviceRegistries}
 * naming a Cloud Map service; Ballast's DNS answers {@code web.s4.local} with exactly its healthy tasks, a task whose
 * container health check fails leaves the answer (reported UNHEALTHY to Cloud Map), a stopped task leaves it before
 * it is stopped, and {@code aws servicediscovery discover-instances} agrees.
 */
@Timeout(180)
class ServiceDiscoveryEcsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dataDir;
    @TempDir
    Path tasksDir;
    private ControlPlane plane;
    private EcsClient ecs;
    private ServiceDiscoveryClient cloudMap;
    private DnsLookup dns;

    @BeforeEach
    void start() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // a random /24 away from the default range, so two test runs on this machine cannot collide
        LoopbackAddressPool pool = LoopbackAddressPool.of(
                "127." + random.nextInt(100, 200) + "." + random.nextInt(256) + ".0/24");
        ProcessDriver driver = new ProcessDriver(tasksDir, pool, new HelloImages());
        plane = ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", Map.of(), 1)
                .withTaskDrivers(Map.<String, TaskDriver>of("process", driver), "process"));
        ecs = ApiTestSupport.ecsClient(plane.apiAddress(), "test", "test");
        cloudMap = ApiTestSupport.cloudMapClient(plane.apiAddress());
        dns = new DnsLookup(plane.dnsAddress());
    }

    @AfterEach
    void stop() {
        try {
            // Stops the tasks through ECS, so that no process outlives the test.
            for (String arn : ecs.listServices().serviceArns()) {
                ecs.deleteService(r -> r.service(arn).force(true));
            }
            Await.until("every task stopped", WAIT, () -> ecs.listTasks(r -> r.desiredStatus(DesiredStatus.RUNNING))
                    .taskArns().isEmpty() && allStopped());
        } finally {
            ecs.close();
            cloudMap.close();
            plane.close();
        }
    }

    @Test
    void dnsAnswersExactlyTheHealthyTasksOfAnEcsServiceAndTheCliAgrees() throws Exception {
        String namespaceId = namespace("s4.local");
        software.amazon.awssdk.services.servicediscovery.model.Service registry = cloudMap.createService(r -> r
                .name("web").namespaceId(namespaceId).healthCheckCustomConfig(h -> h.build())
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(10L), x -> x.type(RecordType.SRV)
                        .ttl(10L)))).service();
        registerWeb();
        Service service = ecs.createService(r -> r.serviceName("web").taskDefinition("web").desiredCount(3)
                .launchType(LaunchType.FARGATE).networkConfiguration(awsvpc()).healthCheckGracePeriodSeconds(3600)
                .serviceRegistries(ServiceRegistry.builder().registryArn(registry.arn()).containerName("web")
                        .containerPort(80).build())).service();
        assertThat(service.serviceRegistries()).singleElement().satisfies(s -> {
            assertThat(s.registryArn()).isEqualTo(registry.arn());
            assertThat(s.containerPort()).isEqualTo(80);
        });

        Await.until("3 running tasks in the DNS answer", WAIT, () -> running().size() == 3
                && dnsA().equals(addresses(running())));
        Map<String, String> addressById = addresses(running()).stream().collect(Collectors.toMap(a -> a, a -> a));
        assertThat(addressById).hasSize(3);
        Task first = running().get(0);
        assertThat(DnsLookup.rdata(dns.query("web.s4.local", Type.SRV))).hasSize(3)
                .contains("1 1 80 " + first.taskArn().substring(first.taskArn().lastIndexOf('/') + 1)
                        + ".web.s4.local.");
        String firstId = id(first);
        JsonNode instance = cli("get-instance", "--service-id", registry.id(), "--instance-id", firstId)
                .get("Instance");
        assertThat(instance.get("Attributes").get("AWS_INSTANCE_IPV4").asText())
                .isEqualTo(first.containers().get(0).networkInterfaces().get(0).privateIpv4Address());
        assertThat(instance.get("Attributes").get("ECS_CLUSTER_NAME").asText()).isEqualTo("default");
        assertThat(instance.get("Attributes").get("ECS_SERVICE_NAME").asText()).isEqualTo("web");
        assertThat(instance.get("Attributes").get("ECS_TASK_DEFINITION_FAMILY").asText()).isEqualTo("web");
        assertThat(instance.get("Attributes").get("AVAILABILITY_ZONE").asText()).isEqualTo("us-east-1a");

        // The container health check of one task fails: it leaves the answer, and ECS keeps it (grace period).
        Files.writeString(tasksDir.resolve(firstId).resolve("unhealthy"), "1");
        String sick = address(first);
        Await.until("the unhealthy task out of the DNS answer", WAIT, () -> dnsA().size() == 2
                && !dnsA().contains(sick));
        assertThat(ecs.describeTasks(r -> r.tasks(first.taskArn())).tasks().get(0).healthStatusAsString())
                .isEqualTo("UNHEALTHY");
        Set<String> healthy = ids(cli("discover-instances", "--namespace-name", "s4.local", "--service-name", "web"));
        assertThat(healthy).hasSize(2).doesNotContain(firstId);
        assertThat(ids(cli("discover-instances", "--namespace-name", "s4.local", "--service-name", "web",
                "--health-status", "UNHEALTHY"))).containsExactly(firstId);

        // Stopping a healthy task: it leaves the answer (deregistered before its stop signal); a replacement joins.
        Task second = running().stream().filter(t -> !id(t).equals(firstId)).findFirst().orElseThrow();
        ecs.stopTask(r -> r.task(second.taskArn()).reason("S4"));
        Await.until("the stopped task out of the answer, a replacement in it", WAIT, () -> {
            List<Task> now = running();
            Set<String> wanted = new java.util.HashSet<>(addresses(now));
            wanted.remove(sick);
            return now.size() == 3 && !ids(now).contains(id(second)) && dnsA().equals(wanted);
        });
        assertThat(ids(cli("discover-instances", "--namespace-name", "s4.local", "--service-name", "web")))
                .hasSize(2).doesNotContain(firstId, id(second));
    }

    @Test
    void serviceRegistriesAreCheckedAsEcsChecksThem() {
        String namespaceId = namespace("check.local");
        String srv = cloudMap.createService(r -> r.name("web").namespaceId(namespaceId)
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.SRV).ttl(10L)))).service().arn();
        registerWeb();
        ecs.registerTaskDefinition(r -> r.family("bridged").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("web").image("tutum/hello-world").cpu(128)
                        .memory(128).portMappings(PortMapping.builder().containerPort(80).build()).build()));
        assertEcsError(() -> ecs.createService(r -> r.serviceName("a").taskDefinition("web").desiredCount(0)
                .networkConfiguration(awsvpc()).serviceRegistries(ServiceRegistry.builder().registryArn(srv)
                        .containerName("nope").containerPort(80).build())), "InvalidParameterException",
                "The container nope does not exist in the task definition.");
        assertEcsError(() -> ecs.createService(r -> r.serviceName("a").taskDefinition("web").desiredCount(0)
                .networkConfiguration(awsvpc()).serviceRegistries(ServiceRegistry.builder().registryArn(srv)
                        .build())), "InvalidParameterException",
                "serviceRegistries: EcsServiceRegistry[registryArn=" + srv + ", port=null, containerName=null, "
                        + "containerPort=null] (expected: port, or containerName with containerPort, for the SRV "
                        + "record of Cloud Map service " + srv + ")");
        assertEcsError(() -> ecs.createService(r -> r.serviceName("a").taskDefinition("bridged").desiredCount(0)
                .serviceRegistries(ServiceRegistry.builder().registryArn(srv).port(80).build())),
                "InvalidParameterException", "When specifying 'host' or 'bridge' for networkMode, values for "
                        + "'containerName' and 'containerPort' must be specified from the task definition.");
        String unknown = srv.substring(0, srv.lastIndexOf('/') + 1) + "srv-0000000000000000";
        assertEcsError(() -> ecs.createService(r -> r.serviceName("a").taskDefinition("web").desiredCount(0)
                .networkConfiguration(awsvpc()).serviceRegistries(ServiceRegistry.builder().registryArn(unknown)
                        .port(80).build())), "InvalidParameterException", "serviceRegistries.registryArn: "
                + unknown + " (expected: the ARN of an existing Cloud Map service)");
        assertThat(ecs.listServices().serviceArns()).isEmpty();

        Service created = ecs.createService(r -> r.serviceName("a").taskDefinition("web").desiredCount(0)
                .networkConfiguration(awsvpc())).service();
        assertThat(created.serviceRegistries()).isEmpty();
        Service updated = ecs.updateService(r -> r.service("a").serviceRegistries(ServiceRegistry.builder()
                .registryArn(srv).port(8080).build())).service();
        assertThat(updated.serviceRegistries()).singleElement().satisfies(s -> assertThat(s.port()).isEqualTo(8080));
        assertThat(updated.deployments()).hasSize(2);
        assertThat(ecs.describeServices(r -> r.services("a")).services().get(0).serviceRegistries())
                .singleElement().satisfies(s -> assertThat(s.registryArn()).isEqualTo(srv));
    }

    private void registerWeb() {
        ecs.registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("web").image("tutum/hello-world").cpu(128)
                        .portMappings(PortMapping.builder().containerPort(80).build())
                        // Fails once the test writes the file "unhealthy" into the task's directory.
                        .healthCheck(h -> h.command("CMD-SHELL", "test ! -f unhealthy").interval(5).timeout(2)
                                .retries(1).startPeriod(0))
                        .build()));
    }

    private String namespace(String name) {
        String operation = cloudMap.createPrivateDnsNamespace(r -> r.name(name).vpc("vpc-local")).operationId();
        return cloudMap.getOperation(r -> r.operationId(operation)).operation().targetsAsStrings().get("NAMESPACE");
    }

    private List<Task> running() {
        List<String> arns = ecs.listTasks(r -> r.serviceName("web").desiredStatus(DesiredStatus.RUNNING)).taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return ecs.describeTasks(r -> r.tasks(arns)).tasks().stream()
                .filter(t -> "RUNNING".equals(t.lastStatus())).toList();
    }

    private boolean allStopped() {
        List<String> arns = ecs.listTasks(r -> r.desiredStatus(DesiredStatus.STOPPED)).taskArns();
        return arns.isEmpty() || ecs.describeTasks(r -> r.tasks(arns)).tasks().stream()
                .allMatch(t -> "STOPPED".equals(t.lastStatus()));
    }

    private Set<String> dnsA() {
        try {
            return dns.query("web.s4.local", Type.A).getSection(Section.ANSWER).stream()
                    .filter(r -> r.getType() == Type.A).map(Record::rdataToString).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static Set<String> addresses(List<Task> tasks) {
        return tasks.stream().map(ServiceDiscoveryEcsTest::address).collect(Collectors.toSet());
    }

    private static String address(Task task) {
        return task.containers().get(0).networkInterfaces().get(0).privateIpv4Address();
    }

    private static String id(Task task) {
        return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    }

    private static Set<String> ids(List<Task> tasks) {
        return tasks.stream().map(ServiceDiscoveryEcsTest::id).collect(Collectors.toSet());
    }

    private static Set<String> ids(JsonNode discovered) {
        Set<String> out = new java.util.HashSet<>();
        discovered.get("Instances").forEach(i -> out.add(i.get("InstanceId").asText()));
        return out;
    }

    /**
     * Runs {@code /usr/bin/aws servicediscovery <args>} against the API and parses its JSON output. botocore sends
     * DiscoverInstances to {@code data-127.0.0.1}, which does not resolve: newer CLIs honour
     * {@code AWS_DISABLE_HOST_PREFIX_INJECTION=true}; this one (2.9) does not, so the API endpoint is also given as
     * the HTTP proxy, which sends every request to it with the target in absolute form.
     */
    private JsonNode cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/aws", "servicediscovery"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + plane.apiAddress().getPort(), "--region",
                "us-east-1", "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_PAGER", "", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "AWS_DISABLE_HOST_PREFIX_INJECTION", "true"));
        env.put("HTTP_PROXY", "http://127.0.0.1:" + plane.apiAddress().getPort());
        pb.environment().keySet().removeIf(k -> k.equalsIgnoreCase("no_proxy") || k.equalsIgnoreCase("http_proxy"));
        pb.environment().putAll(env);
        Process process = pb.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return new ObjectMapper().readTree(output);
        } finally {
            process.destroyForcibly();
        }
    }
}
