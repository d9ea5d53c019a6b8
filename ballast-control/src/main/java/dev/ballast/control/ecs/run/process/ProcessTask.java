package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A task the process driver runs: its containers' processes, their health monitors, the address and ports it holds,
 * and the handle that finds it again.
 *
 * <p>Thread-safe: the fields are final; {@link #stop} is synchronized so two stops do not interleave.
 */
final class ProcessTask {
    private static final Duration WAIT_STEP = Duration.ofMillis(50);
    /** How long killed processes get to be reaped before stop gives up waiting on them. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private final ProcessTaskHandle handle;
    private final List<ContainerProcess> containers;
    private final List<ContainerStatus> goneBeforeRecovery;
    private final List<HealthCheckMonitor> monitors = new ArrayList<>();

    ProcessTask(ProcessTaskHandle handle, List<ContainerProcess> containers, List<ContainerStatus> goneBeforeRecovery) {
        this.handle = handle;
        this.containers = List.copyOf(containers);
        this.goneBeforeRecovery = List.copyOf(goneBeforeRecovery);
    }

    /**
     * The task {@code handle} names as it is now: the containers whose process still runs with the recorded start
     * instant, adopted; the others reported as exited with an unknown exit code.
     */
    static ProcessTask adopt(ProcessTaskHandle handle) {
        List<ContainerProcess> alive = new ArrayList<>();
        List<ContainerStatus> gone = new ArrayList<>();
        for (ProcessTaskHandle.ContainerProcessRef ref : handle.containers()) {
            ContainerProcess.adopt(ref).ifPresentOrElse(alive::add, () -> gone.add(new ContainerStatus(ref.name(),
                    Long.toString(ref.pid()), false, null, null, ContainerStatus.Health.UNKNOWN)));
        }
        return new ProcessTask(handle, alive, gone);
    }

    ProcessTaskHandle handle() {
        return handle;
    }

    List<ContainerProcess> containers() {
        return containers;
    }

    synchronized void monitor(HealthCheckMonitor monitor) {
        monitors.add(monitor);
    }

    StartedTask started() {
        return new StartedTask(handle.toJson(), new TaskNetwork(handle.address(), handle.bindings()), statuses());
    }

    /** Each container's status, in the handle's order. */
    List<ContainerStatus> statuses() {
        List<ContainerStatus> statuses = new ArrayList<>();
        containers.forEach(c -> statuses.add(c.status()));
        statuses.addAll(goneBeforeRecovery);
        List<String> order = handle.containers().stream().map(ProcessTaskHandle.ContainerProcessRef::name).toList();
        statuses.sort(java.util.Comparator.comparingInt(s -> order.indexOf(s.name())));
        return statuses;
    }

    /** Notices exits of adopted processes (children report theirs). */
    void pollExits() {
        containers.forEach(ContainerProcess::pollExit);
    }

    /**
     * SIGTERM to every running container and its descendants, SIGKILL to what still runs after {@code timeout};
     * returns once all have exited (or {@link #AFTER_KILL} after the kill).
     */
    synchronized List<ContainerStatus> stop(Duration timeout) {
        closeMonitors();
        List<ProcessHandle> descendants = new ArrayList<>();
        for (ContainerProcess container : containers) {
            if (container.running()) {
                List<ProcessHandle> tree = ProcessTree.of(container.process());
                List<ProcessHandle> below = tree.subList(1, tree.size());
                descendants.addAll(below);
                container.terminate();
                ProcessTree.terminate(below);
            }
        }
        if (!awaitExits(timeout)) {
            for (ContainerProcess container : containers) {
                if (container.running()) {
                    container.kill();
                    ProcessTree.kill(container.process());
                }
            }
            awaitExits(AFTER_KILL);
        }
        // descendants re-parented when their container exited would otherwise outlive the task
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return statuses();
    }

    synchronized void closeMonitors() {
        monitors.forEach(HealthCheckMonitor::close);
        monitors.clear();
    }

    private boolean awaitExits(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            pollExits();
            List<CompletableFuture<Integer>> running = containers.stream()
                    .filter(ContainerProcess::running).map(ContainerProcess::exit).toList();
            if (running.isEmpty()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                CompletableFuture.anyOf(running.toArray(CompletableFuture[]::new))
                        .get(Math.min(left, WAIT_STEP.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // poll again: an adopted process's exit is only seen by polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
