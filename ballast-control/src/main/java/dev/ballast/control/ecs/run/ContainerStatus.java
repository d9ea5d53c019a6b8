package dev.ballast.control.ecs.run;

/**
 * What a driver knows of one container of a task.
 *
 * <p>Thread-safe (immutable).
 *
 * @param runtimeId the driver's id of the container (a process id, a Docker container id)
 * @param running   true while the container runs
 * @param exitCode  the exit code once it exited, else null (null also when it was killed by a signal: then the
 *                  code is 128 + the signal number, as Docker reports it)
 * @param reason    why it stopped, in ECS's words (e.g. {@code "Essential container in task exited"}), or null
 * @param health    the container health check's status
 */
public record ContainerStatus(String name, String runtimeId, boolean running, Integer exitCode, String reason,
                              Health health) {
    /** ECS's container health statuses. */
    public enum Health {
        /** The health check passes (or has passed its retries). */
        HEALTHY,
        /** The health check failed {@code retries} times in a row after the start period. */
        UNHEALTHY,
        /** No health check, or no verdict yet. */
        UNKNOWN
    }
}
