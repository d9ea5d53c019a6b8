package dev.ballast.server;

import dev.ballast.control.docker.DockerBridgeGateway;
import dev.ballast.control.docker.DockerEngineClient;
import dev.ballast.control.docker.DockerHostAddress;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.docker.DockerDriver;
import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import dev.ballast.control.ecs.run.process.ProcessDriver;
import dev.ballast.server.hello.HelloImages;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task drivers a server offers ECS tasks, and the one they run on. The choice is explicit: every task runs on
 * {@code --task-driver} ({@code process} unless told otherwise); the docker driver exists when a Docker engine is
 * configured ({@code --docker-host}, else {@code DOCKER_HOST}, else {@code /var/run/docker.sock} when present) and
 * answers, and {@code --task-driver docker} without one refuses to start.
 *
 * <p>Thread-safe: built once at start; the drivers are thread-safe.
 */
final class TaskDrivers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDrivers.class);
    /** The driver names {@code --task-driver} accepts. */
    static final String PROCESS = ControlPlane.DEFAULT_TASK_DRIVER;
    /** The docker driver's name. */
    static final String DOCKER = "docker";
    private static final Duration DOCKER_RESYNC = Duration.ofSeconds(10);
    private static final Duration DOCKER_PULL_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, TaskDriver> drivers;
    private final String defaultDriver;
    private final DockerEngineClient engine;
    private final String taskAddressRange;

    private TaskDrivers(Map<String, TaskDriver> drivers, String defaultDriver, DockerEngineClient engine,
                        String taskAddressRange) {
        this.drivers = Map.copyOf(drivers);
        this.defaultDriver = defaultDriver;
        this.engine = engine;
        this.taskAddressRange = taskAddressRange;
    }

    /**
     * The drivers for a server whose data lives in {@code dataDir} (task logs under {@code <dataDir>/tasks}).
     *
     * @param defaultDriver {@code process} or {@code docker}
     * @param dockerHost    the {@code --docker-host} value, or null
     * @throws IllegalArgumentException when {@code defaultDriver} is unknown or names a driver that is not available
     */
    static TaskDrivers open(Path dataDir, String defaultDriver, String dockerHost, Map<String, String> env) {
        return open(dataDir, defaultDriver, dockerHost, env, true);
    }

    /**
     * As above; with {@code containerDns}, the docker driver's containers get Ballast's DNS as their resolver, on
     * the engine's bridge gateway address (port 53), where the control plane's DNS then listens too.
     */
    static TaskDrivers open(Path dataDir, String defaultDriver, String dockerHost, Map<String, String> env,
                            boolean containerDns) {
        return open(dataDir, defaultDriver, dockerHost, env, containerDns,
                LoopbackAddressPool.of(LoopbackAddressPool.DEFAULT_RANGE));
    }

    /** As above, the process driver's {@code awsvpc} tasks taking their addresses from {@code taskAddresses}. */
    static TaskDrivers open(Path dataDir, String defaultDriver, String dockerHost, Map<String, String> env,
                            boolean containerDns, LoopbackAddressPool taskAddresses) {
        if (!defaultDriver.equals(PROCESS) && !defaultDriver.equals(DOCKER)) {
            throw new IllegalArgumentException("--task-driver " + defaultDriver + " (expected: process or docker)");
        }
        Path tasksDir = dataDir.resolve("tasks");
        Map<String, TaskDriver> drivers = new LinkedHashMap<>();
        drivers.put(PROCESS, processDriver(tasksDir, taskAddresses));
        DockerEngineClient engine = null;
        Optional<String> host = DockerHostAddress.resolve(dockerHost, env);
        if (host.isPresent()) {
            try {
                engine = DockerEngineClient.connect(host.get());
                InetAddress resolver = containerDns ? containerResolver(engine) : null;
                drivers.put(DOCKER, new DockerDriver(engine, tasksDir, DOCKER_RESYNC, DOCKER_PULL_TIMEOUT, resolver));
            } catch (RuntimeException e) {
                if (defaultDriver.equals(DOCKER)) {
                    drivers.values().forEach(TaskDriver::close);
                    throw new IllegalArgumentException("--task-driver docker: the Docker engine at " + host.get()
                            + " does not answer (expected: a running dockerd; --docker-host names it): "
                            + e.getMessage(), e);
                }
                LOG.warn("the Docker engine at {} does not answer ({}); tasks run on the process driver only",
                        host.get(), e.getMessage());
            }
        } else if (defaultDriver.equals(DOCKER)) {
            drivers.values().forEach(TaskDriver::close);
            throw new IllegalArgumentException("--task-driver docker without a Docker engine (expected: --docker-host "
                    + "unix:///path/to/docker.sock, DOCKER_HOST, or " + DockerHostAddress.DEFAULT_SOCKET + ")");
        }
        return new TaskDrivers(drivers, defaultDriver, engine, taskAddresses.range());
    }

    /** The bridge gateway containers reach the host on, or null (a warning) when the engine has none. */
    private static InetAddress containerResolver(DockerEngineClient engine) {
        Optional<InetAddress> gateway = DockerBridgeGateway.of(engine);
        if (gateway.isEmpty()) {
            LOG.warn("the Docker engine's bridge network has no IPv4 gateway; containers use Docker's default "
                    + "resolvers, not Ballast's DNS");
        }
        return gateway.orElse(null);
    }

    /** Only the process driver, which runs the demo's tasks whatever else the machine has. */
    static TaskDrivers processOnly(Path dataDir) {
        LoopbackAddressPool addresses = LoopbackAddressPool.of(LoopbackAddressPool.DEFAULT_RANGE);
        return new TaskDrivers(Map.of(PROCESS, processDriver(dataDir.resolve("tasks"), addresses)), PROCESS, null,
                addresses.range());
    }

    private static ProcessDriver processDriver(Path tasksDir, LoopbackAddressPool addresses) {
        return new ProcessDriver(tasksDir, addresses, new HelloImages());
    }

    /** The drivers by name; the control plane closes them. */
    Map<String, TaskDriver> drivers() {
        return drivers;
    }

    /** The driver new tasks run on. */
    String defaultDriver() {
        return defaultDriver;
    }

    /**
     * What to print at start: which driver runs tasks, the Docker engine when there is one, and where the process
     * driver's awsvpc tasks get their addresses.
     */
    String describe() {
        return "tasks run on the " + defaultDriver + " driver" + (engine == null ? ""
                : " (Docker engine " + engine.host() + ", API " + engine.apiVersion() + ")")
                + ", the process driver's awsvpc tasks on " + taskAddressRange;
    }

    /** Closes the Docker engine client (the drivers are closed by the control plane). */
    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
