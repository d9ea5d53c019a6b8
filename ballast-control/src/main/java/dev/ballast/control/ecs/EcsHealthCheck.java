package dev.ballast.control.ecs;

import java.util.List;

/**
 * A container definition's {@code healthCheck} as registered: the command ({@code ["CMD", exe, args…]} or
 * {@code ["CMD-SHELL", "shell command"]}), interval (default 30 s), timeout (5 s), retries (3) and start period
 * (0 s, none).
 *
 * <p>Thread-safe (immutable).
 */
public record EcsHealthCheck(List<String> command, int interval, int timeout, int retries, int startPeriod) {
    /** ECS's default interval, seconds. */
    public static final int DEFAULT_INTERVAL = 30;
    /** ECS's default timeout, seconds. */
    public static final int DEFAULT_TIMEOUT = 5;
    /** ECS's default number of retries. */
    public static final int DEFAULT_RETRIES = 3;

    /** Copies the command. */
    public EcsHealthCheck {
        command = List.copyOf(command);
    }
}
