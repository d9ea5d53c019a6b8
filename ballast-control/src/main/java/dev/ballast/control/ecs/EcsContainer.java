package dev.ballast.control.ecs;

import java.util.List;

/**
 * One container of a task as the runner last saw it.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id           a UUID, the last part of the container ARN
 * @param runtimeId    the driver's id (process id, Docker container id), or null before it started
 * @param lastStatus   PENDING, RUNNING or STOPPED
 * @param exitCode     the exit code once stopped, else null
 * @param reason       why it stopped, or null
 * @param healthStatus HEALTHY, UNHEALTHY or UNKNOWN
 */
public record EcsContainer(String id, String name, String image, String runtimeId, String lastStatus,
                           Integer exitCode, String reason, String healthStatus,
                           List<EcsNetworkBinding> networkBindings) {
    /** Copies the bindings; absent is empty. */
    public EcsContainer {
        networkBindings = networkBindings == null ? List.of() : List.copyOf(networkBindings);
    }
}
