package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskNetwork.PortBinding;
import dev.ballast.control.ecs.run.TaskStartException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Starts the processes of one task: takes its address and ports, starts each container with its argv, environment
 * and log file, and waits until they listen; on any failure stops what it started, gives the address back and says
 * why in a {@link TaskStartException}.
 *
 * <p>Thread-safe: holds only immutable collaborators and the thread-safe address pool; each call works on its own
 * task.
 */
final class TaskStarter {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final Duration STARTUP_POLL = Duration.ofMillis(50);
    private static final int LOG_TAIL_LINES = 10;
    /** Addresses tried for an awsvpc task when something outside Ballast already listens on the first ones. */
    private static final int ADDRESS_ATTEMPTS = 8;
    private static final File NO_INPUT = new File("/dev/null");

    private final Path tasksDir;
    private final LoopbackAddressPool addresses;
    private final ContainerArgv argv;
    private final PortPlanner ports;
    private final Duration startDeadline;

    TaskStarter(Path tasksDir, LoopbackAddressPool addresses, ContainerArgv argv, PortPlanner ports,
                Duration startDeadline) {
        this.tasksDir = tasksDir;
        this.addresses = addresses;
        this.argv = argv;
        this.ports = ports;
        this.startDeadline = startDeadline;
    }

    /** The directory of task {@code taskId}: its processes' working directory and where their logs go. */
    static Path taskDir(Path tasksDir, String taskId) {
        return tasksDir.resolve(taskId);
    }

    /** The log of container {@code container} of the task whose directory is {@code taskDir}. */
    static Path logPath(Path taskDir, String container) {
        return taskDir.resolve(container + ".log");
    }

    /** Starts {@code launch}'s containers and returns once each listens on its ports. */
    ProcessTask start(TaskLaunch launch) throws TaskStartException {
        requireSafe("taskId", launch.taskId());
        launch.containers().forEach(c -> requireSafe("container name", c.name()));
        String mode = requireMode(launch.networkMode());
        Path taskDir = createTaskDir(launch.taskId());
        String address = null;
        List<ContainerProcess> started = new ArrayList<>();
        try {
            address = TaskLaunch.AWSVPC.equals(mode) ? acquireAddress(launch) : null;
            String bindIp = PortPlanner.bindIp(mode, address);
            List<PortBinding> bindings = ports.plan(launch, bindIp);
            Optional<PortBinding> taken = PortPlanner.firstTaken(bindings);
            if (taken.isPresent()) {
                throw portTaken(taken.get());
            }
            for (ContainerLaunch container : launch.containers()) {
                started.add(startContainer(launch.taskId(), container, bindIp, bindings, taskDir));
            }
            awaitListening(launch, started, bindings, taskDir);
            List<ProcessTaskHandle.ContainerProcessRef> refs = started.stream().map(ContainerProcess::ref).toList();
            return new ProcessTask(new ProcessTaskHandle(launch.taskId(), mode, address, bindings, refs), started,
                    List.of());
        } catch (TaskStartException | RuntimeException e) {
            // nothing of a task that failed to start keeps running or holds its address
            new ProcessTask(new ProcessTaskHandle(launch.taskId(), mode, address, List.of(), List.of()), started,
                    List.of()).stop(Duration.ZERO);
            if (address != null) {
                addresses.release(address);
            }
            if (e instanceof UncheckedIOException io) {
                throw new TaskStartException("CannotStartContainerError: " + io.getMessage(), io);
            }
            throw e;
        }
    }

    private ContainerProcess startContainer(String taskId, ContainerLaunch container, String bindIp,
                                            List<PortBinding> bindings, Path taskDir) throws TaskStartException {
        List<PortBinding> own = ownBindings(bindings, container.name());
        int port = own.isEmpty() ? HostPorts.dynamic(bindIp, "tcp") : own.get(0).hostPort();
        List<String> command = argv.of(container, bindIp, port, taskId);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logPath(taskDir, container.name()).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
        builder.environment().clear();
        builder.environment().putAll(ContainerEnvironment.of(container, bindIp, own, taskDir));
        try {
            return ContainerProcess.started(container.name(), container.essential(), builder.start());
        } catch (IOException e) {
            throw new TaskStartException("CannotStartContainerError: container " + container.name()
                    + " cannot run " + command.get(0) + ": " + reason(e), e);
        }
    }

    /** The bindings of container {@code name}. */
    static List<PortBinding> ownBindings(List<PortBinding> bindings, String name) {
        return bindings.stream().filter(b -> b.containerName().equals(name)).toList();
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
        Path dir = taskDir(tasksDir, taskId);
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
        List<String> own = ownBindings(bindings, container).stream().map(b -> b.bindIp() + ":" + b.hostPort())
                .toList();
        return own.isEmpty() ? " started" : " listened on " + String.join(", ", own);
    }

    private static void requireSafe(String field, String value) {
        // the names become file names under the tasks directory
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
