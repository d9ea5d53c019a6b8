package dev.ballast.control.ecs.run.process;

import static dev.ballast.control.ecs.run.process.TaskLaunches.container;
import static dev.ballast.control.ecs.run.process.TaskLaunches.httpServer;
import static dev.ballast.control.ecs.run.process.TaskLaunches.task;
import static dev.ballast.control.ecs.run.process.TaskLaunches.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.ecs.run.ContainerHealthCheck;
import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.ContainerStatus.Health;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskNetwork.PortBinding;
import dev.ballast.control.ecs.run.TaskStartException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessDriverTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tasksDir;
    private LoopbackAddressPool pool;
    private final List<ProcessDriver> drivers = new ArrayList<>();
    private final List<String> handles = new ArrayList<>();

    @BeforeEach
    void createPool() {
        pool = TaskLaunches.randomPool();
    }

    @AfterEach
    void stopEverything() {
        ProcessDriver cleaner = driver(PortPrivilege.detect());
        handles.forEach(handle -> cleaner.stop(handle, Duration.ZERO));
        drivers.forEach(ProcessDriver::close);
    }

    @Test
    void threeAwsvpcTasksListenOnTheSamePortEachOnItsOwnAddress() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        Set<String> addresses = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            StartedTask started = start(driver, task(TaskLaunch.AWSVPC, httpServer("web", "task " + i, tcp(8080))));
            String address = started.network().privateIpv4Address();
            assertThat(address).startsWith(pool.range().substring(0, pool.range().lastIndexOf('.')));
            assertThat(started.network().bindings())
                    .containsExactly(new PortBinding("web", 8080, address, 8080, "tcp"));
            assertThat(started.containers()).singleElement().satisfies(c -> assertThat(c.running()).isTrue());
            addresses.add(address);
        }
        assertThat(addresses).hasSize(3);
        Set<String> greetings = new HashSet<>();
        for (String address : addresses) {
            HttpResponse<String> response = get("http://" + address + ":8080/");
            assertThat(response.statusCode()).isEqualTo(200);
            greetings.add(response.body());
        }
        assertThat(greetings).containsExactlyInAnyOrder("task 1", "task 2", "task 3");
    }

    @Test
    void theContainersOfATaskShareItsAddressAndGetOnlyTheirEnvironmentAndPortsToBind() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        ContainerLaunch side = container("side", "busybox", "env > side.env && exec " + TaskLaunches.PYTHON
                + " -m http.server \"$PORT\" --bind \"$BALLAST_IP\"", Map.of("MODE", "sidecar"), null, tcp(9090),
                new ContainerLaunch.PortRequest(9091, null, "udp")); // udp: not awaited, nothing listens on it
        StartedTask started = start(driver, task(TaskLaunch.AWSVPC, httpServer("web", "main", tcp(8080)), side));
        String address = started.network().privateIpv4Address();

        assertThat(started.network().bindings()).containsExactly(
                new PortBinding("web", 8080, address, 8080, "tcp"),
                new PortBinding("side", 9090, address, 9090, "tcp"),
                new PortBinding("side", 9091, address, 9091, "udp"));
        assertThat(get("http://" + address + ":8080/").body()).isEqualTo("main");
        assertThat(get("http://" + address + ":9090/").statusCode()).isEqualTo(200);
        Path taskDir = tasksDir.resolve(taskId(started));
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(taskDir.resolve("side.env"))) {
            env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        assertThat(env).containsEntry("MODE", "sidecar").containsEntry("BALLAST_IP", address)
                .containsEntry("PORT", "9090").containsEntry("BALLAST_PORT_9090", "9090")
                .containsEntry("BALLAST_PORT_9091", "9091").containsEntry("HOME", taskDir.toString())
                .containsKey("PATH").doesNotContainKeys("GREETING", "BALLAST_PORT_8080");
        // nothing of this JVM's environment but PATH (the shell adds PWD and the like)
        assertThat(env.keySet()).allMatch(key -> !System.getenv().containsKey(key) || key.equals("PATH")
                || key.equals("HOME") || key.equals("PWD") || key.equals("SHLVL") || key.equals("_"));
        assertThat(driver.stop(started.handle(), Duration.ofSeconds(10))).extracting(ContainerStatus::running)
                .containsExactly(false, false);
    }

    @Test
    void bridgeTasksGetDynamicHostPortsOnTheHostAddressOrTheFixedOneAskedFor() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        StartedTask first = start(driver, task(TaskLaunch.BRIDGE, httpServer("web", "first", tcp(80))));
        StartedTask second = start(driver, task(TaskLaunch.BRIDGE, httpServer("web", "second", tcp(80))));
        int fixed = freePort();
        StartedTask third = start(driver, task(TaskLaunch.BRIDGE, httpServer("web", "third", tcp(80, fixed))));

        PortBinding a = first.network().bindings().get(0);
        PortBinding b = second.network().bindings().get(0);
        assertThat(first.network().privateIpv4Address()).isNull();
        assertThat(List.of(a.bindIp(), b.bindIp())).containsOnly("127.0.0.1");
        assertThat(a.containerPort()).isEqualTo(80);
        assertThat(a.hostPort()).isNotEqualTo(80).isNotEqualTo(b.hostPort());
        assertThat(third.network().bindings().get(0).hostPort()).isEqualTo(fixed);
        assertThat(get("http://127.0.0.1:" + a.hostPort() + "/").body()).isEqualTo("first");
        assertThat(get("http://127.0.0.1:" + b.hostPort() + "/").body()).isEqualTo("second");
        assertThat(get("http://127.0.0.1:" + fixed + "/").body()).isEqualTo("third");
    }

    @Test
    void hostTasksBindTheirContainerPortOnTheHostAddress() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        int port = freePort();
        StartedTask started = start(driver, task(TaskLaunch.HOST, httpServer("web", "host", tcp(port))));
        assertThat(started.network().bindings()).containsExactly(new PortBinding("web", port, "127.0.0.1", port, "tcp"));
        assertThat(get("http://127.0.0.1:" + port + "/").body()).isEqualTo("host");
    }

    @Test
    void aPrivilegedContainerPortFallsBackToADynamicPortOnTheTaskAddressWhenNotRoot() throws Exception {
        ProcessDriver driver = driver(new PortPrivilege(1024, false));
        StartedTask started = start(driver, task(TaskLaunch.AWSVPC, httpServer("web", "low", tcp(80))));
        PortBinding binding = started.network().bindings().get(0);
        assertThat(binding.bindIp()).isEqualTo(started.network().privateIpv4Address());
        assertThat(binding.containerPort()).isEqualTo(80);
        assertThat(binding.hostPort()).isGreaterThanOrEqualTo(1024);
        assertThat(get("http://" + binding.bindIp() + ":" + binding.hostPort() + "/").body()).isEqualTo("low");
    }

    @Test
    void stopSendsSigtermWhichAScriptTrappingItHonours() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        StartedTask started = startUntilReady(driver, "trap 'echo got TERM; exit 0' TERM");
        Path log = driver.logFile(started.handle(), "app").orElseThrow();
        ProcessHandle process = process(started);

        List<ContainerStatus> stopped = driver.stop(started.handle(), Duration.ofSeconds(20));

        assertThat(stopped).singleElement().satisfies(c -> {
            assertThat(c.running()).isFalse();
            assertThat(c.exitCode()).isZero();
            assertThat(c.reason()).isNull();
        });
        assertThat(read(log)).contains("got TERM");
        assertThat(process.isAlive()).isFalse();
        assertThat(driver.stop(started.handle(), Duration.ZERO)).isEqualTo(stopped);
    }

    @Test
    void stopKillsAProcessThatIgnoresSigtermOnceTheTimeoutPasses() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        StartedTask started = startUntilReady(driver, "trap '' TERM");
        ProcessHandle process = process(started);
        List<ProcessHandle> tree = ProcessTree.of(process);

        long begin = System.nanoTime();
        List<ContainerStatus> stopped = driver.stop(started.handle(), Duration.ofMillis(1500));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertKilled(stopped, tree);
    }

    @Test
    void aNewDriverRecoversALiveTaskFromItsHandleAndKeepsItsAddress() throws Exception {
        ProcessDriver before = driver(PortPrivilege.detect());
        TaskLaunch launch = task(TaskLaunch.AWSVPC, httpServer("web", "survivor", tcp(8080)));
        StartedTask started = start(before, launch);
        String address = started.network().privateIpv4Address();
        before.close(); // a restart: the task keeps running

        LoopbackAddressPool poolAfterRestart = LoopbackAddressPool.of(pool.range());
        ProcessDriver after = driver(poolAfterRestart, PortPrivilege.detect());
        Optional<StartedTask> recovered = after.recover(launch, started.handle());

        assertThat(recovered).hasValueSatisfying(task -> {
            assertThat(task.network()).isEqualTo(started.network());
            assertThat(task.containers()).singleElement().satisfies(c -> {
                assertThat(c.running()).isTrue();
                assertThat(c.runtimeId()).isEqualTo(started.containers().get(0).runtimeId());
            });
        });
        assertThat(get("http://" + address + ":8080/").body()).isEqualTo("survivor");
        StartedTask other = start(after, task(TaskLaunch.AWSVPC, httpServer("web", "new", tcp(8080))));
        assertThat(other.network().privateIpv4Address()).isNotEqualTo(address);

        List<ContainerStatus> events = new CopyOnWriteArrayList<>();
        after.watch((handle, status) -> events.add(status));
        process(started).destroy(); // exits by itself, as far as the driver knows
        Poll.until("the adopted process's exit is noticed", WAIT,
                () -> !after.inspect(started.handle()).get(0).running());
        Poll.until("the exit is told to watchers", WAIT, () -> events.stream().anyMatch(c -> !c.running()));
        assertThat(after.inspect(started.handle())).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("Essential container in task exited"));
    }

    @Test
    void aNewDriverStopsAnAdoptedTaskWithSigtermThenSigkill() throws Exception {
        ProcessDriver before = driver(PortPrivilege.detect());
        StartedTask started = startUntilReady(before, "trap '' TERM");
        List<ProcessHandle> tree = ProcessTree.of(process(started));
        before.close();

        ProcessDriver after = driver(PortPrivilege.detect());
        List<ContainerStatus> stopped = after.stop(started.handle(), Duration.ofMillis(500));

        assertKilled(stopped, tree);
    }

    @Test
    void recoverGivesEmptyWhenTheTaskProcessIsGoneOrThePidWasReused() throws Exception {
        ProcessDriver before = driver(PortPrivilege.detect());
        TaskLaunch launch = task(TaskLaunch.BRIDGE, httpServer("web", "gone", tcp(80)));
        StartedTask started = start(before, launch);
        before.stop(started.handle(), Duration.ofSeconds(10));
        before.close();

        ProcessDriver after = driver(PortPrivilege.detect());
        assertThat(after.recover(launch, started.handle())).isEmpty();
        assertThat(after.inspect(started.handle())).singleElement()
                .satisfies(c -> assertThat(c.running()).isFalse());

        ProcessTaskHandle reused = new ProcessTaskHandle(launch.taskId(), TaskLaunch.BRIDGE, null, List.of(),
                List.of(new ProcessTaskHandle.ContainerProcessRef("web", ProcessHandle.current().pid(),
                        "2001-01-01T00:00:00Z", true)));
        assertThat(after.recover(launch, reused.toJson())).isEmpty();
    }

    @Test
    void anImageThatIsNotBuiltInNeedsACommand() {
        ProcessDriver driver = driver(PortPrivilege.detect());
        ContainerLaunch nginx = new ContainerLaunch("web", "nginx:latest", List.of(), List.of(), Map.of(),
                List.of(tcp(80)), true, null, Duration.ofSeconds(30), Map.of());
        TaskLaunch launch = task(TaskLaunch.AWSVPC, nginx);
        assertThatThrownBy(() -> driver.start(launch))
                .isInstanceOf(TaskStartException.class)
                .hasMessage("CannotPullContainerError: image nginx:latest is not a built-in image of the process"
                        + " driver and the container definition has no command (expected: test/httpd, or an"
                        + " entryPoint/command to run)");
    }

    @Test
    void aBuiltInImageRunsTheProgramItMapsTo() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        ContainerLaunch builtIn = new ContainerLaunch("web", "docker.io/test/httpd:1.0", List.of(), List.of(),
                Map.of(), List.of(tcp(8080)), true, null, Duration.ofSeconds(30), Map.of());
        StartedTask started = start(driver, task(TaskLaunch.AWSVPC, builtIn));
        String address = started.network().privateIpv4Address();
        Files.writeString(tasksDir.resolve(taskId(started)).resolve("index.html"), "built in");
        assertThat(get("http://" + address + ":8080/").body()).isEqualTo("built in");
    }

    @Test
    void aCommandThatDoesNotExistFailsToStartSayingSo() {
        ProcessDriver driver = driver(PortPrivilege.detect());
        ContainerLaunch missing = new ContainerLaunch("web", "any", List.of("/no/such/program"), List.of("x"),
                Map.of(), List.of(tcp(80)), true, null, Duration.ofSeconds(30), Map.of());
        assertThatThrownBy(() -> driver.start(task(TaskLaunch.BRIDGE, missing)))
                .isInstanceOf(TaskStartException.class)
                .hasMessage("CannotStartContainerError: container web cannot run /no/such/program: command not"
                        + " found (no such file or directory)");
    }

    @Test
    void aPortInUseFailsToStartSayingWhichPort() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = holder.getLocalPort();
            TaskLaunch launch = task(TaskLaunch.BRIDGE, httpServer("web", "x", tcp(80, port)));
            assertThatThrownBy(() -> driver.start(launch))
                    .isInstanceOf(TaskStartException.class)
                    .hasMessage("CannotStartContainerError: port " + port + "/tcp on 127.0.0.1 is in use (container"
                            + " web, containerPort 80)");
            assertThat(tasksDir.resolve(launch.taskId()).resolve("web.log")).as("nothing was started").doesNotExist();
        }
    }

    @Test
    void aContainerThatExitsBeforeListeningFailsWithItsExitCodeAndLog() {
        ProcessDriver driver = driver(PortPrivilege.detect());
        TaskLaunch launch = task(TaskLaunch.AWSVPC,
                container("web", "busybox", "echo cannot open config >&2; exit 3", Map.of(), null, tcp(8080)));
        assertThatThrownBy(() -> driver.start(launch))
                .isInstanceOf(TaskStartException.class)
                .hasMessageStartingWith("CannotStartContainerError: container web exited with code 3 before it"
                        + " listened on " + pool.range().replace("0/24", ""))
                .hasMessageEndingWith(":8080; last lines of its log:\ncannot open config");
    }

    @Test
    void aContainerThatNeverListensFailsAtTheDeadlineAndIsKilledAndItsAddressReleased() throws Exception {
        LoopbackAddressPool single = LoopbackAddressPool.of(pool.range().replace(".0/24", ".8/32"));
        ProcessDriver driver = new ProcessDriver(tasksDir, single, BuiltInImages.NONE, PortPrivilege.detect(),
                Duration.ofSeconds(1));
        drivers.add(driver);
        TaskLaunch launch = task(TaskLaunch.AWSVPC, container("web", "busybox",
                "echo $$ > pid; while true; do sleep 0.1; done", Map.of(), null, tcp(8080)));
        assertThatThrownBy(() -> driver.start(launch))
                .isInstanceOf(TaskStartException.class)
                .hasMessageMatching("CannotStartContainerError: container web did not listen on 127\\.[0-9.]+:8080"
                        + " within 1 s \\(expected: the process binds \\$BALLAST_IP:\\$PORT\\)");
        long pid = Long.parseLong(read(tasksDir.resolve(launch.taskId()).resolve("pid")).strip());
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(single.acquire()).as("the address was released").isPresent();
    }

    @Test
    void healthChecksTurnAContainerUnhealthyAndHealthyAndTellWatchers() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        List<Health> seen = new CopyOnWriteArrayList<>();
        driver.watch((handle, status) -> seen.add(status.health()));
        ContainerHealthCheck shell = new ContainerHealthCheck(List.of("CMD-SHELL", "test -f \"$FLAG\""), 1, 2, 2, 0);
        StartedTask started = start(driver, task(TaskLaunch.BRIDGE, container("app", "busybox",
                "while true; do sleep 0.1; done", Map.of("FLAG", "healthy.flag"), shell)));

        Poll.until("UNHEALTHY after 2 failed checks", WAIT,
                () -> driver.inspect(started.handle()).get(0).health() == Health.UNHEALTHY);
        Files.writeString(tasksDir.resolve(taskId(started)).resolve("healthy.flag"), "");
        Poll.until("HEALTHY after a passing check", WAIT,
                () -> driver.inspect(started.handle()).get(0).health() == Health.HEALTHY);
        assertThat(seen).containsSubsequence(Health.UNHEALTHY, Health.HEALTHY);
    }

    @Test
    void anExecHealthCheckPassesWithinItsStartPeriod() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        ContainerHealthCheck exec = new ContainerHealthCheck(List.of("CMD", "/bin/true"), 1, 2, 3, 60);
        StartedTask started = start(driver, task(TaskLaunch.BRIDGE, container("app", "busybox",
                "while true; do sleep 0.1; done", Map.of(), exec)));
        assertThat(started.containers().get(0).health()).isEqualTo(Health.UNKNOWN);
        Poll.until("HEALTHY", WAIT, () -> driver.inspect(started.handle()).get(0).health() == Health.HEALTHY);
    }

    @Test
    void stdoutAndStderrGoToTheContainerLogWhichSurvivesARestart() throws Exception {
        ProcessDriver before = driver(PortPrivilege.detect());
        TaskLaunch launch = task(TaskLaunch.BRIDGE, container("app", "busybox",
                "echo to stdout; echo to stderr >&2; while true; do sleep 0.1; done", Map.of(), null));
        StartedTask started = start(before, launch);
        Path log = before.logFile(started.handle(), "app").orElseThrow();
        assertThat(log).isEqualTo(tasksDir.resolve(launch.taskId()).resolve("app.log"));
        Poll.until("both lines logged", WAIT, () -> read(log).contains("to stdout\n")
                && read(log).contains("to stderr\n"));
        assertThat(before.logFile(started.handle(), "other")).isEmpty();
        before.close();

        ProcessDriver after = driver(PortPrivilege.detect());
        assertThat(after.recover(launch, started.handle())).isPresent();
        assertThat(after.logFile(started.handle(), "app")).hasValue(log);
        assertThat(read(log)).contains("to stdout", "to stderr");
    }

    @Test
    void anEssentialContainerExitingIsToldToWatchersWithItsExitCode() throws Exception {
        ProcessDriver driver = driver(PortPrivilege.detect());
        List<ContainerStatus> events = new CopyOnWriteArrayList<>();
        driver.watch((handle, status) -> events.add(status));
        StartedTask started = start(driver, task(TaskLaunch.BRIDGE, container("app", "busybox",
                "while [ ! -f go ]; do sleep 0.05; done; exit 7", Map.of(), null)));
        Files.writeString(tasksDir.resolve(taskId(started)).resolve("go"), "");
        Poll.until("the exit event", WAIT, () -> !events.isEmpty());
        assertThat(events).singleElement().satisfies(c -> {
            assertThat(c.running()).isFalse();
            assertThat(c.exitCode()).isEqualTo(7);
            assertThat(c.reason()).isEqualTo("Essential container in task exited");
        });
    }

    private ProcessDriver driver(PortPrivilege privilege) {
        return driver(pool, privilege);
    }

    private ProcessDriver driver(LoopbackAddressPool addresses, PortPrivilege privilege) {
        ProcessDriver driver = new ProcessDriver(tasksDir, addresses, new TestHttpdImage(), privilege, WAIT);
        drivers.add(driver);
        return driver;
    }

    private StartedTask start(ProcessDriver driver, TaskLaunch launch) throws TaskStartException {
        StartedTask started = driver.start(launch);
        handles.add(started.handle());
        return started;
    }

    /** Starts a looping script that first runs {@code trap}, and waits until the trap is set. */
    private StartedTask startUntilReady(ProcessDriver driver, String trap) throws TaskStartException {
        StartedTask started = start(driver, task(TaskLaunch.BRIDGE, container("app", "busybox",
                trap + "; echo ready; while true; do sleep 0.1; done", Map.of(), null)));
        Path log = driver.logFile(started.handle(), "app").orElseThrow();
        Poll.until("the script set its trap", WAIT, () -> read(log).contains("ready"));
        return started;
    }

    /** The one container was killed (137) and none of its process tree is left. */
    private static void assertKilled(List<ContainerStatus> stopped, List<ProcessHandle> tree) {
        assertThat(stopped).singleElement().satisfies(c -> {
            assertThat(c.running()).isFalse();
            assertThat(c.exitCode()).as("killed by the driver").isEqualTo(137);
        });
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    private static String taskId(StartedTask started) {
        return ProcessTaskHandle.parse(started.handle()).taskId();
    }

    private static ProcessHandle process(StartedTask started) {
        return ProcessHandle.of(Long.parseLong(started.containers().get(0).runtimeId())).orElseThrow();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A built-in image for the tests: {@code test/httpd} runs python3's http.server in the task directory. */
    private static final class TestHttpdImage implements BuiltInImages {
        @Override
        public List<String> repositories() {
            return List.of("test/httpd");
        }

        @Override
        public Optional<List<String>> argv(String image, String bindIp, int port, String taskId) {
            return ImageReference.repository(image).equals("test/httpd")
                    ? Optional.of(List.of(TaskLaunches.PYTHON, "-m", "http.server", Integer.toString(port), "--bind",
                            bindIp))
                    : Optional.empty();
        }
    }
}
