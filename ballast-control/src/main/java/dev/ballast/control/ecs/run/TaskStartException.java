package dev.ballast.control.ecs.run;

/**
 * A task could not start; the message is the task's {@code stoppedReason} in ECS's style, saying why (for example
 * {@code "CannotPullContainerError: image nginx:latest is not known to the process driver (expected: ...)"} or
 * {@code "CannotStartContainerError: port 80 on 127.0.0.2 is in use"}). The task stops with stopCode
 * {@code TaskFailedToStart}.
 *
 * <p>Thread-safe (immutable).
 */
public final class TaskStartException extends Exception {
    /** A start failure explained by {@code stoppedReason}. */
    public TaskStartException(String stoppedReason) {
        super(stoppedReason);
    }

    /** A start failure explained by {@code stoppedReason}, caused by {@code cause}. */
    public TaskStartException(String stoppedReason, Throwable cause) {
        super(stoppedReason, cause);
    }
}
