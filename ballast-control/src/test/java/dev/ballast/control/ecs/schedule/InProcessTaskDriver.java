package dev.ballast.control.ecs.schedule;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.TaskEventListener;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskNetwork;
import dev.ballast.control.ecs.run.TaskStartException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task driver for the scheduler tests: each container port of a task is a real HTTP server on 127.0.0.1 (port 0,
 * published as the host port, bridge style) answering {@code task <id>}. Images under {@code missing/} cannot
 * start. The tasks live in a {@link Host} that outlives the driver, so that a second driver (after a "restart")
 * recovers them.
 *
 * <p>Thread-safe: the host's maps are concurrent; each task's servers are started and stopped under its lock.
 */
public final class InProcessTaskDriver implements TaskDriver {
    /** The "machine": the tasks that run on it, across driver instances. */
    public static final class Host implements AutoCloseable {
        final Map<String, RunningTask> tasks = new ConcurrentHashMap<>();
        final List<Duration> stopTimeouts = new CopyOnWriteArrayList<>();
        final AtomicInteger starts = new AtomicInteger();

        /** How many tasks were started on this host (failed starts included). */
        public int starts() {
            return starts.get();
        }

        /** Whether task {@code taskId} still runs here. */
        public boolean running(String taskId) {
            RunningTask task = tasks.get(handle(taskId));
            return task != null && task.exitCode == null;
        }

        /** An empty machine. */
        public Host() {}

        /** Stops every server still running (the end of a test). */
        @Override
        public void close() {
            tasks.values().forEach(t -> t.exit(137));
        }
    }

    /** One task's servers and status. */
    static final class RunningTask {
        final String taskId;
        final List<HttpServer> servers = new ArrayList<>();
        final List<TaskNetwork.PortBinding> bindings = new ArrayList<>();
        final List<String> containers = new ArrayList<>();
        final AtomicInteger statusCode = new AtomicInteger(200);
        volatile Integer exitCode;

        RunningTask(String taskId) {
            this.taskId = taskId;
        }

        synchronized void exit(int code) {
            if (exitCode == null) {
                servers.forEach(s -> s.stop(0));
                exitCode = code;
            }
        }

        List<ContainerStatus> statuses() {
            Integer code = exitCode;
            return containers.stream().map(name -> new ContainerStatus(name, taskId + "-" + name, code == null,
                    code, null, ContainerStatus.Health.UNKNOWN)).toList();
        }
    }

    private final Host host;
    private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();

    /** A driver running tasks on {@code host}. */
    public InProcessTaskDriver(Host host) {
        this.host = host;
    }

    @Override
    public String name() {
        return "inproc";
    }

    @Override
    public StartedTask start(TaskLaunch launch) throws TaskStartException {
        host.starts.incrementAndGet();
        for (ContainerLaunch c : launch.containers()) {
            if (c.image().startsWith("missing/")) {
                throw new TaskStartException("CannotPullContainerError: image " + c.image()
                        + " is not known to the in-process test driver");
            }
        }
        RunningTask task = new RunningTask(launch.taskId());
        try {
            for (ContainerLaunch c : launch.containers()) {
                task.containers.add(c.name());
                for (ContainerLaunch.PortRequest p : c.ports()) {
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                    server.createContext("/", exchange -> {
                        byte[] body = ("task " + launch.taskId()).getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(task.statusCode.get(), body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    });
                    server.start();
                    task.servers.add(server);
                    task.bindings.add(new TaskNetwork.PortBinding(c.name(), p.containerPort(), "127.0.0.1",
                            server.getAddress().getPort(), "tcp"));
                }
            }
        } catch (IOException e) {
            task.exit(1);
            throw new TaskStartException("CannotStartContainerError: " + e.getMessage(), e);
        }
        host.tasks.put(handle(launch.taskId()), task);
        return new StartedTask(handle(launch.taskId()), new TaskNetwork(null, task.bindings), task.statuses());
    }

    static String handle(String taskId) {
        return "inproc:" + taskId;
    }

    @Override
    public Optional<StartedTask> recover(TaskLaunch launch, String handle) {
        RunningTask task = host.tasks.get(handle);
        return task == null ? Optional.empty()
                : Optional.of(new StartedTask(handle, new TaskNetwork(null, task.bindings), task.statuses()));
    }

    @Override
    public List<ContainerStatus> inspect(String handle) {
        RunningTask task = host.tasks.get(handle);
        return task == null ? List.of() : task.statuses();
    }

    @Override
    public List<ContainerStatus> stop(String handle, Duration timeout) {
        host.stopTimeouts.add(timeout);
        RunningTask task = host.tasks.get(handle);
        if (task == null) {
            return List.of();
        }
        task.exit(143); // SIGTERM: 128 + 15, as Docker reports it
        return task.statuses();
    }

    /** The task's containers exit on their own with {@code code} (a crash); the driver tells its listeners. */
    public void crash(String taskId, int code) {
        RunningTask task = host.tasks.get(handle(taskId));
        task.exit(code);
        task.statuses().forEach(s -> listeners.forEach(l -> l.containerChanged(handle(taskId), s)));
    }

    @Override
    public Optional<Path> logFile(String handle, String containerName) {
        return Optional.empty();
    }

    @Override
    public void watch(TaskEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
