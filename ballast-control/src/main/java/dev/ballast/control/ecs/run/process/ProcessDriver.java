package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.TaskEventListener;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskNetwork.PortBinding;
import dev.ballast.control.ecs.run.TaskStartException;
import dev.ballast.control.ecs.run.process.ProcessTaskHandle.ContainerProcessRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.regex.Pattern;

/**
 * Runs ECS tasks as local processes, always available (no Docker needed): each container is a process with the
 * container definition's environment plus where to listen, its output appended to
 * {@code <tasks dir>/<task id>/<container>.log}; {@code awsvpc} tasks each get a loopback address of their own.
 * See docs/ecs.md, section "Process driver".
 *
 * <p>Thread-safe: tasks are kept in a concurrent map and each task serialises its own stop; health checks and the
 * exit polling of adopted processes run on the driver's scheduler.
 */
public final class ProcessDriver implements TaskDriver {
    /** How long a task's containers get to listen on their ports when none is configured. */
    public static final Duration DEFAULT_START_DEADLINE = Duration.ofSeconds(60);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final Duration STARTUP_POLL = Duration.ofMillis(50);
    private static final long EXIT_POLL_MILLIS = 250;
    private static final int LOG_TAIL_LINES = 10;
    /** Addresses tried for an awsvpc task when something outside Ballast already listens on the first ones. */
    private static final int ADDRESS_ATTEMPTS = 8;
    private static final int STOPPED_REMEMBERED = 1024;

    private final Path tasksDir;
    private final LoopbackAddressPool addresses;
    private final ContainerArgv argv;
    private final PortPlanner ports;
    private final Duration startDeadline;
    private final ScheduledExecutorService scheduler;
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
        this.argv = new ContainerArgv(builtIns);
        this.ports = new PortPlanner(privilege);
        this.startDeadline = startDeadline;
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "process-driver");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::pollAdoptedExits, EXIT_POLL_MILLIS, EXIT_POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public StartedTask start(TaskLaunch launch) throws TaskStartException {
        requireSafe("taskId", launch.taskId());
        launch.containers().forEach(c -> requireSafe("container name", c.name()));
        Path taskDir = createTaskDir(launch.taskId());
        String address = null;
        List<ContainerProcess> started = new ArrayList<>();
        try {
            address = TaskLaunch.AWSVPC.equals(launch.networkMode()) ? acquireAddress(launch) : null;
            String bindIp = PortPlanner.bindIp(requireMode(launch.networkMode()), address);
            List<PortBinding> bindings = ports.plan(launch, bindIp);
            Optional<PortBinding> taken = PortPlanner.firstTaken(bindings);
            if (taken.isPresent()) {
                throw portTaken(taken.get());
            }
            for (ContainerLaunch container : launch.containers()) {
                started.add(startContainer(launch.taskId(), container, bindIp, bindings, taskDir));
            }
            awaitListening(launch, started, bindings, taskDir);
            List<ContainerProcessRef> refs = started.stream().map(ContainerProcess::ref).toList();
            ProcessTask task = new ProcessTask(
                    new ProcessTaskHandle(launch.taskId(), launch.networkMode(), address, bindings, refs), started,
                    List.of());
            attach(task, launch, bindIp, taskDir);
            return task.started();
        } catch (TaskStartException | RuntimeException e) {
            // nothing of a task that failed to start keeps running or holds its address
            new ProcessTask(new ProcessTaskHandle(launch.taskId(), launch.networkMode(), address, List.of(),
                    List.of()), started, List.of()).stop(Duration.ZERO);
            if (address != null) {
                addresses.release(address);
            }
            if (e instanceof UncheckedIOException io) {
                throw new TaskStartException("CannotStartContainerError: " + io.getMessage(), io);
            }
            throw e;
        }
    }

    @Override
    public Optional<StartedTask> recover(TaskLaunch launch, String handle) {
        ProcessTaskHandle parsed = ProcessTaskHandle.parse(handle);
        ProcessTask known = tasks.get(parsed.taskId());
        if (known != null) {
            return Optional.of(known.started());
        }
        List<ContainerProcess> alive = new ArrayList<>();
        List<ContainerStatus> gone = new ArrayList<>();
        for (ContainerProcessRef ref : parsed.containers()) {
            ContainerProcess.adopt(ref).ifPresentOrElse(alive::add, () -> gone.add(goneStatus(ref)));
        }
        if (alive.isEmpty()) {
            return Optional.empty();
        }
        if (parsed.address() != null) {
            addresses.reserve(parsed.address());
        }
        ProcessTask task = new ProcessTask(parsed, alive, gone);
        Path taskDir = tasksDir.resolve(parsed.taskId());
        attach(task, launch, PortPlanner.bindIp(parsed.networkMode(), parsed.address()), taskDir);
        return Optional.of(task.started());
    }

    @Override
    public List<ContainerStatus> inspect(String handle) {
        ProcessTaskHandle parsed = ProcessTaskHandle.parse(handle);
        ProcessTask task = tasks.get(parsed.taskId());
        if (task != null) {
            task.pollExits();
            return task.statuses();
        }
        // not started or recovered by this driver: report what the handle's processes are doing now
        List<ContainerStatus> statuses = new ArrayList<>();
        for (ContainerProcessRef ref : parsed.containers()) {
            statuses.add(ContainerProcess.adopt(ref).map(ContainerProcess::status).orElseGet(() -> goneStatus(ref)));
        }
        return statuses;
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
            List<ContainerProcess> alive = new ArrayList<>();
            List<ContainerStatus> gone = new ArrayList<>();
            for (ContainerProcessRef ref : parsed.containers()) {
                ContainerProcess.adopt(ref).ifPresentOrElse(alive::add, () -> gone.add(goneStatus(ref)));
            }
            task = new ProcessTask(parsed, alive, gone);
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
        return known ? Optional.of(logPath(tasksDir.resolve(parsed.taskId()), containerName)) : Optional.empty();
    }

    @Override
    public void watch(TaskEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        closed = true;
        tasks.values().forEach(ProcessTask::closeMonitors);
        scheduler.shutdownNow();
        listeners.clear();
    }

    /** Keeps {@code task}: health checks, exit events, and the map stop and inspect look it up in. */
    private void attach(ProcessTask task, TaskLaunch launch, String bindIp, Path taskDir) {
        String handle = task.handle().toJson();
        tasks.put(task.handle().taskId(), task);
        for (ContainerProcess container : task.containers()) {
            container.exit().thenRun(() -> notifyListeners(handle, container));
            launch.containers().stream().filter(c -> c.name().equals(container.name())).findFirst().ifPresent(c -> {
                List<PortBinding> own = task.handle().bindings().stream()
                        .filter(b -> b.containerName().equals(c.name())).toList();
                HealthCheckMonitor monitor = HealthCheckMonitor.start(c.healthCheck(),
                        ContainerEnvironment.of(c, bindIp, own, taskDir), taskDir, scheduler, health -> {
                            container.health(health);
                            notifyListeners(handle, container);
                        });
                if (monitor != null) {
                    task.monitor(monitor);
                }
            });
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

    private ContainerProcess startContainer(String taskId, ContainerLaunch container, String bindIp,
                                            List<PortBinding> bindings, Path taskDir) throws TaskStartException {
        List<PortBinding> own = bindings.stream().filter(b -> b.containerName().equals(container.name())).toList();
        int port = own.isEmpty() ? HostPorts.dynamic(bindIp, "tcp") : own.get(0).hostPort();
        List<String> command = argv.of(container, bindIp, port, taskId);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logPath(taskDir, container.name()).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(ContainerEnvironment.of(container, bindIp, own, taskDir));
        try {
            return ContainerProcess.started(container.name(), container.essential(), builder.start());
        } catch (IOException e) {
            throw new TaskStartException("CannotStartContainerError: container " + container.name()
                    + " cannot run " + command.get(0) + ": " + reason(e), e);
        }
    }

    /** Waits until every tcp port of the task accepts connections, failing when an essential container exits. */
    private void awaitListening(TaskLaunch launch, List<ContainerProcess> started, List<PortBinding> bindings,
                                Path taskDir) throws TaskStartException {
        long deadline = System.nanoTime() + startDeadline.toNanos();
        List<PortBinding> waiting = new ArrayList<>(bindings.stream().filter(b -> !HostPorts.isUdp(b.protocol()))
                .toList());
        while (true) {
            for (int i = 0; i < started.size(); i++) {
                ContainerProcess container = started.get(i);
                if (!container.running() && launch.containers().get(i).essential()) {
                    throw new TaskStartException("CannotStartContainerError: container " + container.name()
                            + " exited with code " + container.exit().getNow(null) + " before it"
                            + listensOn(bindings, container.name()) + "; last lines of its log:\n"
                            + LogTail.of(logPath(taskDir, container.name()), LOG_TAIL_LINES));
                }
            }
            waiting.removeIf(b -> HostPorts.accepts(b.bindIp(), b.hostPort()));
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                PortBinding first = waiting.get(0);
                throw new TaskStartException("CannotStartContainerError: container " + first.containerName()
                        + " did not listen on " + first.bindIp() + ":" + first.hostPort() + " within "
                        + startDeadline.toSeconds() + " s (expected: the process binds $BALLAST_IP:$PORT)");
            }
            try {
                Thread.sleep(STARTUP_POLL.toMillis()); // the poll interval; the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskStartException("CannotStartContainerError: interrupted while starting", e);
            }
        }
    }

    private String acquireAddress(TaskLaunch launch) throws TaskStartException {
        List<String> skipped = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < ADDRESS_ATTEMPTS; attempt++) {
                String address = addresses.acquire().orElseThrow(() -> new TaskStartException(
                        "CannotStartContainerError: no free address left in the process driver's range "
                                + addresses.range() + " (expected: fewer awsvpc tasks or a larger range)"));
                // something outside Ballast listening there: a Fargate task would get another interface
                if (PortPlanner.firstTaken(ports.plan(launch, address)).isEmpty()) {
                    return address;
                }
                skipped.add(address);
            }
            throw new TaskStartException("CannotStartContainerError: the ports of task " + launch.taskId()
                    + " are in use on " + String.join(", ", skipped) + " (expected: free addresses in "
                    + addresses.range() + ")");
        } finally {
            skipped.forEach(addresses::release);
        }
    }

    private Path createTaskDir(String taskId) throws TaskStartException {
        Path dir = tasksDir.resolve(taskId);
        try {
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new TaskStartException("CannotCreateVolumeError: task directory " + dir + ": " + reason(e), e);
        }
    }

    private static String requireMode(String mode) throws TaskStartException {
        if (TaskLaunch.AWSVPC.equals(mode) || TaskLaunch.BRIDGE.equals(mode) || TaskLaunch.HOST.equals(mode)) {
            return mode;
        }
        throw new TaskStartException("CannotStartContainerError: networkMode: " + mode
                + " (expected: awsvpc, bridge or host for the process driver)");
    }

    private static TaskStartException portTaken(PortBinding binding) {
        return new TaskStartException("CannotStartContainerError: port " + binding.hostPort() + "/"
                + binding.protocol() + " on " + binding.bindIp() + " is in use (container " + binding.containerName()
                + ", containerPort " + binding.containerPort() + ")");
    }

    private static String listensOn(List<PortBinding> bindings, String container) {
        List<String> own = bindings.stream().filter(b -> b.containerName().equals(container))
                .map(b -> b.bindIp() + ":" + b.hostPort()).toList();
        return own.isEmpty() ? " started" : " listened on " + String.join(", ", own);
    }

    private static ContainerStatus goneStatus(ContainerProcessRef ref) {
        return new ContainerStatus(ref.name(), Long.toString(ref.pid()), false, null, null,
                ContainerStatus.Health.UNKNOWN);
    }

    private static Path logPath(Path taskDir, String container) {
        return taskDir.resolve(container + ".log");
    }

    private static void requireSafe(String field, String value) {
        if (value == null || !SAFE_NAME.matcher(value).matches() || value.startsWith(".")) {
            throw new IllegalArgumentException(field + ": " + value
                    + " (expected: 1-255 letters, digits, '_', '-' or '.', not starting with '.')");
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("error=2,")) {
            return "command not found (no such file or directory)";
        }
        if (message.contains("error=13,")) {
            return "permission denied (not executable)";
        }
        return message;
    }
}
