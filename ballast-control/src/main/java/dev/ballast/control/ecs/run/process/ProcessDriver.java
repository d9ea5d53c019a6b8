package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.TaskEventListener;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs ECS tasks as local processes, always available (no Docker needed): each container is a process with the
 * container definition's environment plus where to listen, its output appended to
 * {@code <tasks dir>/<task id>/<container>.log}; {@code awsvpc} tasks each get a loopback address of their own.
 * See docs/ecs.md, section "Process driver".
 *
 * <p>Thread-safe: tasks are kept in a concurrent map and each task serialises its own stop; health checks run on
 * their own scheduler, the exit polling of adopted processes on another, so a slow check cannot delay it.
 */
public final class ProcessDriver implements TaskDriver {
    /** How long a task's containers get to listen on their ports when none is configured. */
    public static final Duration DEFAULT_START_DEADLINE = Duration.ofSeconds(60);
    private static final long EXIT_POLL_MILLIS = 250;
    private static final int HEALTH_CHECK_THREADS = 2;
    private static final int STOPPED_REMEMBERED = 1024;

    private final Path tasksDir;
    private final LoopbackAddressPool addresses;
    private final TaskStarter starter;
    private final ScheduledExecutorService exitPolling = Executors.newSingleThreadScheduledExecutor(
            daemon("process-driver-exits"));
    private final ScheduledExecutorService healthChecks = Executors.newScheduledThreadPool(HEALTH_CHECK_THREADS,
            daemon("process-driver-health"));
    private final Map<String, ProcessTask> tasks = new ConcurrentHashMap<>();
    /** The final statuses of the last stopped tasks, so that stopping one again reports how it ended. */
    private final Map<String, List<ContainerStatus>> stopped = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<ContainerStatus>> eldest) {
                    return size() > STOPPED_REMEMBERED;
                }
            });
    private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** A driver keeping task directories under {@code tasksDir}, with this machine's port privileges. */
    public ProcessDriver(Path tasksDir, LoopbackAddressPool addresses, BuiltInImages builtIns) {
        this(tasksDir, addresses, builtIns, PortPrivilege.detect(), DEFAULT_START_DEADLINE);
    }

    /** A driver with explicit port privileges and start deadline (tests). */
    public ProcessDriver(Path tasksDir, LoopbackAddressPool addresses, BuiltInImages builtIns, PortPrivilege privilege,
                         Duration startDeadline) {
        this.tasksDir = tasksDir;
        this.addresses = addresses;
        this.starter = new TaskStarter(tasksDir, addresses, new ContainerArgv(builtIns), new PortPlanner(privilege),
                startDeadline);
        exitPolling.scheduleWithFixedDelay(this::pollAdoptedExits, EXIT_POLL_MILLIS, EXIT_POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public StartedTask start(TaskLaunch launch) throws TaskStartException {
        ProcessTask task = starter.start(launch);
        attach(task, launch);
        return task.started();
    }

    @Override
    public Optional<StartedTask> recover(TaskLaunch launch, String handle) {
        ProcessTaskHandle parsed = ProcessTaskHandle.parse(handle);
        ProcessTask known = tasks.get(parsed.taskId());
        if (known != null) {
            return Optional.of(known.started());
        }
        ProcessTask adopted = ProcessTask.adopt(parsed);
        if (adopted.containers().isEmpty()) {
            return Optional.empty();
        }
        if (parsed.address() != null) {
            addresses.reserve(parsed.address());
        }
        attach(adopted, launch);
        return Optional.of(adopted.started());
    }

    @Override
    public List<ContainerStatus> inspect(String handle) {
        ProcessTaskHandle parsed = ProcessTaskHandle.parse(handle);
        ProcessTask task = tasks.get(parsed.taskId());
        if (task != null) {
            task.pollExits();
            return task.statuses();
        }
        // not started or recovered by this driver: what the handle's processes are doing now
        return ProcessTask.adopt(parsed).statuses();
    }

    @Override
    public List<ContainerStatus> stop(String handle, Duration timeout) {
        ProcessTaskHandle parsed = ProcessTaskHandle.parse(handle);
        ProcessTask task = tasks.get(parsed.taskId());
        List<ContainerStatus> earlier = stopped.get(parsed.taskId());
        if (task == null && earlier != null) {
            return earlier;
        }
        if (task == null) {
            task = ProcessTask.adopt(parsed);
        }
        List<ContainerStatus> statuses = task.stop(timeout);
        stopped.put(parsed.taskId(), statuses);
        if (tasks.remove(parsed.taskId(), task) && parsed.address() != null) {
            addresses.release(parsed.address());
        }
        return statuses;
    }

    @Override
    public Optional<Path> logFile(String handle, String containerName) {
        ProcessTaskHandle parsed = ProcessTaskHandle.parse(handle);
        boolean known = parsed.containers().stream().anyMatch(c -> c.name().equals(containerName));
        return known
                ? Optional.of(TaskStarter.logPath(TaskStarter.taskDir(tasksDir, parsed.taskId()), containerName))
                : Optional.empty();
    }

    @Override
    public void watch(TaskEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        closed = true;
        tasks.values().forEach(ProcessTask::closeMonitors);
        exitPolling.shutdownNow();
        healthChecks.shutdownNow();
        listeners.clear();
    }

    /** Keeps {@code task}: health checks, exit events, and the map stop and inspect look it up in. */
    private void attach(ProcessTask task, TaskLaunch launch) {
        ProcessTaskHandle handle = task.handle();
        String json = handle.toJson();
        Path taskDir = TaskStarter.taskDir(tasksDir, handle.taskId());
        String bindIp = PortPlanner.bindIp(handle.networkMode(), handle.address());
        tasks.put(handle.taskId(), task);
        for (ContainerProcess container : task.containers()) {
            container.exit().thenRun(() -> notifyListeners(json, container));
            Optional<ContainerLaunch> definition = launch.containers().stream()
                    .filter(c -> c.name().equals(container.name())).findFirst();
            if (definition.isEmpty()) {
                continue;
            }
            ContainerLaunch c = definition.get();
            HealthCheckMonitor monitor = HealthCheckMonitor.start(c.healthCheck(),
                    ContainerEnvironment.of(c, bindIp, TaskStarter.ownBindings(handle.bindings(), c.name()), taskDir),
                    taskDir, healthChecks, health -> {
                        container.health(health);
                        notifyListeners(json, container);
                    });
            if (monitor != null) {
                task.monitor(monitor);
                container.exit().thenRun(monitor::close); // as Docker, no checks of a stopped container
            }
        }
    }

    private void notifyListeners(String handle, ContainerProcess container) {
        if (closed) {
            return;
        }
        ContainerStatus status = container.status();
        listeners.forEach(listener -> listener.containerChanged(handle, status));
    }

    private void pollAdoptedExits() {
        tasks.values().forEach(ProcessTask::pollExits);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true); // running tasks outlive the driver; its threads must not keep the JVM up
            return thread;
        };
    }
}
