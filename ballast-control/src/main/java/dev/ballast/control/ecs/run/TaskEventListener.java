package dev.ballast.control.ecs.run;

/**
 * Told by a {@link TaskDriver} when a container of a task changes (exits, turns healthy or unhealthy).
 *
 * <p>Called from the driver's threads; implementations must be thread-safe and return quickly.
 */
@FunctionalInterface
public interface TaskEventListener {
    /** Container {@code status.name()} of the task {@code handle} names changed to {@code status}. */
    void containerChanged(String handle, ContainerStatus status);
}
