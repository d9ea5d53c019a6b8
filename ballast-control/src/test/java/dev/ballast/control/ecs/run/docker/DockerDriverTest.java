package dev.ballast.control.ecs.run.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Container;
import dev.ballast.control.docker.DockerApiVersion;
import dev.ballast.control.docker.DockerEngine;
import dev.ballast.control.docker.DockerEngineClient;
import dev.ballast.control.ecs.run.ContainerHealthCheck;
import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskNetwork;
import dev.ballast.control.ecs.run.TaskStartException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker driver against a real dockerd this class starts (one engine for all its tests). */
class DockerDriverTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static DockerEngine engine;

    @TempDir
    Path tasksDir;
    private DockerDriver driver;
    private final List<DockerEngineClient> clients = new ArrayList<>();
    private final List<String> handles = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startEngine() throws Exception {
        engine = DockerEngine.start();
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @BeforeEach
    void openDriver() {
        driver = newDriver(Duration.ofSeconds(2));
    }

    @AfterEach
    void stopTasksAndCloseDriver() {
        for (String handle : handles) {
            driver.stop(handle, Duration.ZERO);
        }
        driver.close();
        clients.forEach(DockerEngineClient::close);
    }

    private DockerDriver newDriver(Duration resyncInterval) {
        DockerEngineClient client = DockerEngineClient.connect(engine.host());
        clients.add(client);
        return new DockerDriver(client, tasksDir, resyncInterval, Duration.ofSeconds(30));
    }

    @Test
    void negotiatesTheEnginesApiVersion() {
        try (DockerEngineClient client = DockerEngineClient.connect(engine.host())) {
            assertThat(client.apiVersion()).isEqualTo(DockerApiVersion.parse("1.41")); // Debian's engine 20.10
            assertThat(client.docker().versionCmd().exec().getApiVersion()).isEqualTo("1.41");
        }
    }

    @Test
    void awsvpcTaskOfTwoContainersAnswersOnItsContainerAddress() throws Exception {
        TaskLaunch launch = task(TaskLaunch.AWSVPC,
                httpd("web", 8080, null), httpd("sidecar", 8081, null));

        StartedTask started = start(launch);

        TaskNetwork network = started.network();
        assertThat(network.privateIpv4Address()).startsWith(engine.subnetPrefix() + ".");
        assertThat(network.bindings()).containsExactly(
                new TaskNetwork.PortBinding("web", 8080, network.privateIpv4Address(), 8080, "tcp"),
                new TaskNetwork.PortBinding("sidecar", 8081, network.privateIpv4Address(), 8081, "tcp"));
        assertThat(started.containers()).allSatisfy(c -> assertThat(c.running()).isTrue());
        assertThat(awaitBody(network.privateIpv4Address(), 8080)).isEqualTo("web\n");
        assertThat(awaitBody(network.privateIpv4Address(), 8081)).isEqualTo("sidecar\n");
        assertThat(engine.docker("port", started.containers().get(0).runtimeId())).isBlank(); // nothing published
    }

    @Test
    void bridgeTaskPublishesDynamicHostPortsOnLoopback() throws Exception {
        int fixedPort = freePort();
        TaskLaunch launch = task(TaskLaunch.BRIDGE, httpd("blue", 8080, 0), httpd("green", 8080, null),
                httpd("red", 8080, fixedPort));

        StartedTask started = start(launch);

        assertThat(started.network().privateIpv4Address()).isNull();
        List<TaskNetwork.PortBinding> bindings = started.network().bindings();
        assertThat(bindings).hasSize(3).allSatisfy(binding -> {
            assertThat(binding.bindIp()).isEqualTo("127.0.0.1");
            assertThat(binding.containerPort()).isEqualTo(8080);
            assertThat(binding.hostPort()).isPositive().isNotEqualTo(8080);
        });
        assertThat(bindings.get(0).hostPort()).isNotEqualTo(bindings.get(1).hostPort());
        assertThat(bindings.get(2).hostPort()).isEqualTo(fixedPort);
        assertThat(awaitBody("127.0.0.1", bindings.get(0).hostPort())).isEqualTo("blue\n");
        assertThat(awaitBody("127.0.0.1", bindings.get(1).hostPort())).isEqualTo("green\n");
        assertThat(awaitBody("127.0.0.1", fixedPort)).isEqualTo("red\n");
    }

    @Test
    void hostTaskServesOnTheHostsPorts() throws Exception {
        int port = freePort();
        TaskLaunch launch = task(TaskLaunch.HOST, httpd("edge", port, port));

        StartedTask started = start(launch);

        assertThat(started.network().privateIpv4Address()).isNull();
        assertThat(started.network().bindings())
                .containsExactly(new TaskNetwork.PortBinding("edge", port, "127.0.0.1", port, "tcp"));
        assertThat(awaitBody("127.0.0.1", port)).isEqualTo("edge\n");
    }

    @Test
    void containersCarryEcsAndBallastLabelsAndTheirDockerLabels() throws Exception {
        ContainerLaunch web = new ContainerLaunch("web", DockerEngine.BUSYBOX, List.of(),
                List.of("sleep", "600"), Map.of(), List.of(), true, null, Duration.ofSeconds(1),
                Map.of("team", "edge", EcsDockerLabels.CLUSTER, "overridden"));
        TaskLaunch launch = task(TaskLaunch.BRIDGE, web);

        StartedTask started = start(launch);

        Map<String, String> labels = engine.docker("inspect", "-f", "{{json .Config.Labels}}",
                started.containers().get(0).runtimeId()).transform(DockerDriverTest::parseJsonMap);
        assertThat(labels).containsEntry("com.amazonaws.ecs.cluster", "default")
                .containsEntry("com.amazonaws.ecs.task-arn", launch.taskArn())
                .containsEntry("com.amazonaws.ecs.container-name", "web")
                .containsEntry("com.amazonaws.ecs.task-definition-family", "web-family")
                .containsEntry("com.amazonaws.ecs.task-definition-version", "3")
                .containsEntry("ballast.task-id", launch.taskId())
                .containsEntry("ballast.driver", "docker")
                .containsEntry("ballast.essential", "true")
                .containsEntry("team", "edge");
    }

    @Test
    void stopSendsSigtermFirstAndKillsAfterTheTimeout() throws Exception {
        // PID 1 without a handler ignores SIGTERM, so this one only goes with SIGKILL.
        ContainerLaunch stubborn = shell("stubborn", "exec sleep 600", null);
        // This one leaves on SIGTERM with its own exit code.
        ContainerLaunch polite = shell("polite", "trap 'exit 3' TERM; while true; do sleep 0.1; done", null);
        StartedTask started = start(task(TaskLaunch.BRIDGE, stubborn, polite));

        Instant before = Instant.now();
        List<ContainerStatus> finals = driver.stop(started.handle(), Duration.ofSeconds(2));
        Duration took = Duration.between(before, Instant.now());

        assertThat(finals).extracting(ContainerStatus::name, ContainerStatus::running, ContainerStatus::exitCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stubborn", false, 137),
                        org.assertj.core.groups.Tuple.tuple("polite", false, 3));
        // Docker's own default is 10 s: well under it shows the given timeout was used
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(8));
        assertThat(driver.stop(started.handle(), Duration.ZERO)).isEqualTo(finals); // stopping again: same answer
        assertThat(containersOf(started)).isEmpty(); // removed once their final status was read
    }

    @Test
    void aContainerExitIsSeenThroughTheEventStream() throws Exception {
        driver.close();
        driver = newDriver(Duration.ofHours(1)); // no resync during the test: only events can tell
        List<ContainerStatus> seen = new CopyOnWriteArrayList<>();
        driver.watch((handle, status) -> seen.add(status));
        StartedTask started = start(task(TaskLaunch.BRIDGE,
                shell("worker", "sleep 1; echo done; exit 7", null)));

        await(() -> seen.stream().anyMatch(s -> !s.running()));

        ContainerStatus exited = seen.stream().filter(s -> !s.running()).findFirst().orElseThrow();
        assertThat(exited.name()).isEqualTo("worker");
        assertThat(exited.exitCode()).isEqualTo(7);
        assertThat(exited.runtimeId()).isEqualTo(started.containers().get(0).runtimeId());
        assertThat(driver.inspect(started.handle())).singleElement()
                .satisfies(s -> assertThat(s.exitCode()).isEqualTo(7));
        Path log = driver.logFile(started.handle(), "worker").orElseThrow();
        await(() -> read(log).contains("done"));
    }

    @Test
    void theResyncAloneNoticesAnExitWhenNoEventArrives() throws Exception {
        driver.close();
        DockerEngineClient client = DockerEngineClient.connect(engine.host());
        clients.add(client);
        driver = new DockerDriver(client, tasksDir, Duration.ofMillis(200), Duration.ofSeconds(30), false);
        List<ContainerStatus> seen = new CopyOnWriteArrayList<>();
        driver.watch((handle, status) -> seen.add(status));
        StartedTask started = start(task(TaskLaunch.BRIDGE, shell("worker", "sleep 1; exit 5", null)));

        await(() -> seen.stream().anyMatch(s -> !s.running()));

        assertThat(seen).filteredOn(s -> !s.running()).first()
                .satisfies(s -> assertThat(s.exitCode()).isEqualTo(5))
                .satisfies(s -> assertThat(s.runtimeId()).isEqualTo(started.containers().get(0).runtimeId()));
    }

    @Test
    void aContainerHealthCheckTurnsHealthyThenUnhealthy() throws Exception {
        List<ContainerStatus> seen = new CopyOnWriteArrayList<>();
        driver.watch((handle, status) -> seen.add(status));
        ContainerHealthCheck check = new ContainerHealthCheck(List.of("CMD-SHELL", "test -f /tmp/healthy"),
                1, 1, 1, 0);
        StartedTask started = start(task(TaskLaunch.BRIDGE,
                shell("checked", "touch /tmp/healthy; exec sleep 600", check)));
        String id = started.containers().get(0).runtimeId();
        assertThat(engine.docker("inspect", "-f", "{{json .Config.Healthcheck}}", id))
                .contains("\"Test\":[\"CMD-SHELL\",\"test -f /tmp/healthy\"]")
                .contains("\"Interval\":1000000000").contains("\"Timeout\":1000000000").contains("\"Retries\":1");

        await(() -> seen.stream().anyMatch(s -> s.health() == ContainerStatus.Health.HEALTHY));
        engine.docker("exec", id, "rm", "/tmp/healthy");
        await(() -> seen.stream().anyMatch(s -> s.health() == ContainerStatus.Health.UNHEALTHY));

        assertThat(driver.inspect(started.handle())).singleElement()
                .satisfies(s -> assertThat(s.health()).isEqualTo(ContainerStatus.Health.UNHEALTHY));
    }

    @Test
    void aNewDriverRecoversTheContainersOfARunningTask() throws Exception {
        TaskLaunch launch = task(TaskLaunch.AWSVPC, httpd("web", 8080, null));
        StartedTask started = start(launch);
        driver.close(); // as when Ballast restarts: the containers keep running
        driver = newDriver(Duration.ofSeconds(2));

        Optional<StartedTask> recovered = driver.recover(launch, started.handle());

        assertThat(recovered).isPresent();
        assertThat(recovered.get().network()).isEqualTo(started.network());
        assertThat(recovered.get().containers()).singleElement().satisfies(c -> {
            assertThat(c.runtimeId()).isEqualTo(started.containers().get(0).runtimeId());
            assertThat(c.running()).isTrue();
        });
        assertThat(awaitBody(started.network().privateIpv4Address(), 8080)).isEqualTo("web\n");

        driver.stop(started.handle(), Duration.ZERO);
        assertThat(driver.recover(launch, started.handle())).isEmpty(); // nothing of it is left
    }

    @Test
    void anImageTheEngineDoesNotHaveFailsTheStartAndLeavesNothing() {
        ContainerLaunch missing = new ContainerLaunch("app", "ballast-test/missing:1", List.of(), List.of(),
                Map.of(), List.of(), true, null, Duration.ofSeconds(1), Map.of());
        TaskLaunch launch = task(TaskLaunch.BRIDGE, httpd("web", 8080, null), missing);

        assertThatThrownBy(() -> driver.start(launch))
                .isInstanceOf(TaskStartException.class)
                .hasMessageStartingWith("CannotPullContainerError: pull image manifest has been retried 1 time(s): "
                        + "image ballast-test/missing:1 is not present on the Docker engine at " + engine.host()
                        + " and its registry is not reachable: ");
        assertThat(containersOf(launch)).isEmpty();
    }

    @Test
    void aCommandThatCannotRunFailsTheStartAndLeavesNothing() {
        ContainerLaunch broken = new ContainerLaunch("broken", DockerEngine.BUSYBOX, List.of("/bin/no-such-program"),
                List.of(), Map.of(), List.of(), true, null, Duration.ofSeconds(1), Map.of());
        TaskLaunch launch = task(TaskLaunch.BRIDGE, httpd("web", 8080, null), broken);

        assertThatThrownBy(() -> driver.start(launch))
                .isInstanceOf(TaskStartException.class)
                .hasMessageStartingWith("CannotStartContainerError: ")
                .hasMessageContaining("/bin/no-such-program");
        assertThat(containersOf(launch)).isEmpty();
    }

    private StartedTask start(TaskLaunch launch) throws TaskStartException {
        StartedTask started = driver.start(launch);
        handles.add(started.handle());
        return started;
    }

    private static TaskLaunch task(String networkMode, ContainerLaunch... containers) {
        String taskId = HexFormat.of().formatHex(randomBytes(16));
        return new TaskLaunch(taskId, "arn:aws:ecs:us-east-1:000000000000:task/default/" + taskId, "default",
                "web-family", 3, networkMode, List.of(containers));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** busybox httpd serving its own name on {@code port}. */
    private static ContainerLaunch httpd(String name, int port, Integer hostPort) {
        return new ContainerLaunch(name, DockerEngine.BUSYBOX, List.of("/bin/sh", "-c"),
                List.of("mkdir -p /www && echo \"$NAME\" > /www/index.html && exec httpd -f -p " + port + " -h /www"),
                Map.of("NAME", name), List.of(new ContainerLaunch.PortRequest(port, hostPort, "tcp")), true, null,
                Duration.ofSeconds(1), Map.of());
    }

    private static ContainerLaunch shell(String name, String script, ContainerHealthCheck check) {
        return new ContainerLaunch(name, DockerEngine.BUSYBOX, List.of("/bin/sh", "-c"), List.of(script), Map.of(),
                List.of(), true, check, Duration.ofSeconds(1), Map.of());
    }

    private List<Container> containersOf(StartedTask started) {
        return containersWithTaskId(DockerTaskHandle.decode(started.handle()).taskId());
    }

    private List<Container> containersOf(TaskLaunch launch) {
        return containersWithTaskId(launch.taskId());
    }

    private static List<Container> containersWithTaskId(String taskId) {
        try (DockerEngineClient client = DockerEngineClient.connect(engine.host())) {
            return client.docker().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(EcsDockerLabels.BALLAST_TASK_ID, taskId)).exec();
        }
    }

    private String awaitBody(String host, int port) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notListeningYet) {
                // httpd may not listen yet right after its container started
            }
            assertThat(Instant.now()).as("no answer from %s:%d", host, port).isBefore(deadline);
            Thread.sleep(50); // poll interval
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition not met within %s", DEADLINE).isBefore(deadline);
            Thread.sleep(50); // poll interval
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> parseJsonMap(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
