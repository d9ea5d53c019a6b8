package dev.ballast.control.ecs.run;

import java.util.List;

/**
 * A task a driver started (or recovered): the handle to persist, the network it actually got, and its containers.
 *
 * <p>Thread-safe (immutable).
 *
 * @param handle  what the driver needs to find the task again after a restart (opaque to the runner, persisted with
 *                the task; e.g. process ids and start times, or container ids); never contains secrets
 * @param network the address and ports the task's containers can be reached on, which decide its targets
 */
public record StartedTask(String handle, TaskNetwork network, List<ContainerStatus> containers) {
    /** Copies the containers. */
    public StartedTask {
        containers = List.copyOf(containers);
    }
}
