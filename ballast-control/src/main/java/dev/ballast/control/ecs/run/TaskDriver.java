package dev.ballast.control.ecs.run;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs the containers of ECS tasks on this machine: the one seam between the task runner (which owns the task
 * records, their desired and known status) and a way of running containers (local processes, a Docker engine).
 * Shaped like Nomad's driver plugins: start, inspect, stop with a signal and a timeout, recover after a restart.
 *
 * <p>A driver keeps no state that matters across restarts except what its {@link StartedTask#handle() handle}
 * says; the runner persists the handle with the task and passes it back to {@link #recover} after a restart
 * (also after {@code kill -9}).
 *
 * <p>Implementations are thread-safe: the runner calls them from several threads, for different tasks.
 */
public interface TaskDriver extends AutoCloseable {
    /** The driver's name as the configuration and {@code ballast} commands spell it: {@code process}, {@code docker}. */
    String name();

    /**
     * Starts every container of {@code launch} and returns once each has started (health checks may still be
     * pending). Blocks; the runner calls it off the API threads.
     *
     * @throws TaskStartException when a container cannot start (image unknown to the driver, port cannot be bound,
     *     command not found); whatever had been started for the task is stopped and removed before it is thrown
     */
    StartedTask start(TaskLaunch launch) throws TaskStartException;

    /**
     * The address this driver's tasks send their DNS queries to, on port 53, where Ballast's DNS must also listen
     * for them; empty when the tasks use the host's resolvers.
     */
    default Optional<InetAddress> resolverAddress() {
        return Optional.empty();
    }

    /**
     * Re-attaches to a task an earlier Ballast process started, from the handle {@link #start} returned.
     *
     * @return the task with its containers' current status (some may have exited meanwhile), or empty when nothing
     *     of the task is left on this machine
     */
    Optional<StartedTask> recover(TaskLaunch launch, String handle);

    /** The current status of each container of the task {@code handle} names; containers that are gone are STOPPED. */
    List<ContainerStatus> inspect(String handle);

    /**
     * Stops the task: sends each running container its stop signal (SIGTERM), waits up to {@code timeout} for it to
     * exit, then kills it (SIGKILL), and releases what the task held (addresses, ports). Blocks until every
     * container has exited. Stopping a task that is already stopped returns its final status.
     *
     * @return each container's final status, with its exit code
     */
    List<ContainerStatus> stop(String handle, Duration timeout);

    /**
     * The file holding container {@code containerName}'s output (stdout and stderr) of task {@code handle}, or empty
     * when the driver keeps none for it.
     */
    Optional<Path> logFile(String handle, String containerName);

    /**
     * Tells {@code listener} about container changes (an exit, a health change) as the driver learns of them, so the
     * runner reacts without waiting for its next {@link #inspect}. The runner still inspects periodically: an event
     * may be missed.
     */
    void watch(TaskEventListener listener);

    /** Stops watching and releases the driver's resources; running tasks keep running (they are recovered later). */
    @Override
    void close();
}
