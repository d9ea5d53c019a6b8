package dev.ballast.server.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskNetwork.PortBinding;
import dev.ballast.control.ecs.run.TaskStartException;
import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import dev.ballast.control.ecs.run.process.ProcessDriver;
import dev.ballast.server.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in hello images run through the real process driver, as the demo's tasks do. */
class HelloImagesTest {
    @TempDir
    Path tasksDir;
    private ProcessDriver driver;
    private final List<String> handles = new ArrayList<>();

    @BeforeEach
    void createDriver() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // a random /24 away from the default range, so two test runs on this machine cannot collide
        LoopbackAddressPool pool = LoopbackAddressPool.of(
                "127." + random.nextInt(100, 200) + "." + random.nextInt(256) + ".0/24");
        driver = new ProcessDriver(tasksDir, pool, new HelloImages());
    }

    @AfterEach
    void stopTasks() {
        List<ProcessHandle> processes = new ArrayList<>();
        for (String handle : handles) {
            driver.inspect(handle).forEach(c -> ProcessHandle.of(Long.parseLong(c.runtimeId())).ifPresent(processes::add));
            driver.stop(handle, Duration.ofSeconds(10));
        }
        driver.close();
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void helloImagesServeThePageWithTheirTaskIdOnTheAddressTheDriverReports() throws Exception {
        List<StartedTask> started = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String image : List.of("tutum/hello-world", "tutum/hello-world:latest", "ballast/hello:1")) {
            TaskLaunch launch = task(image);
            ids.add(launch.taskId());
            started.add(start(launch));
        }
        for (int i = 0; i < started.size(); i++) {
            PortBinding binding = started.get(i).network().bindings().get(0);
            assertThat(binding.bindIp()).isEqualTo(started.get(i).network().privateIpv4Address());
            String url = "http://" + binding.bindIp() + ":" + binding.hostPort() + "/";
            assertThat(Http.taskIdAt(url, null)).isEqualTo(ids.get(i));
            assertThat(Http.get(url.substring(0, url.length() - 1) + HelloServer.HEALTH_PATH, null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void relativeClasspathEntriesAreMadeAbsoluteBecauseTasksRunInTheirOwnDirectory() {
        String sep = java.io.File.pathSeparator;
        String absolute = HelloImages.absolute("ballast-server/target/ballast.jar" + sep + "/opt/lib.jar");
        assertThat(absolute).isEqualTo(Path.of("ballast-server/target/ballast.jar").toAbsolutePath() + sep
                + "/opt/lib.jar");
    }

    @Test
    void aHelloTaskStopsOnSigtermWithinItsTimeout() throws Exception {
        StartedTask started = start(task("tutum/hello-world"));
        List<ContainerStatus> stopped = driver.stop(started.handle(), Duration.ofSeconds(20));
        assertThat(stopped).singleElement().satisfies(c -> {
            assertThat(c.running()).isFalse();
            assertThat(c.exitCode()).as("exited on SIGTERM, not killed").isNotEqualTo(137);
        });
    }

    @Test
    void anotherImageWithoutCommandNamesTheBuiltInImages() {
        assertThatThrownBy(() -> driver.start(task("nginx")))
                .isInstanceOf(TaskStartException.class)
                .hasMessage("CannotPullContainerError: image nginx is not a built-in image of the process driver and"
                        + " the container definition has no command (expected: tutum/hello-world, ballast/hello, or"
                        + " an entryPoint/command to run)");
    }

    private StartedTask start(TaskLaunch launch) throws TaskStartException {
        StartedTask started = driver.start(launch);
        handles.add(started.handle());
        return started;
    }

    private static TaskLaunch task(String image) {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        ContainerLaunch hello = new ContainerLaunch("web", image, List.of(), List.of(), Map.of(),
                List.of(new ContainerLaunch.PortRequest(80, null, "tcp")), true, null, Duration.ofSeconds(30),
                Map.of());
        return new TaskLaunch(id, "arn:aws:ecs:us-east-1:000000000000:task/default/" + id, "default", "hello", 1,
                TaskLaunch.AWSVPC, List.of(hello));
    }
}
