package dev.ballast.control.ecs.run;

import java.util.List;

/**
 * A container health check as ECS defines it: {@code command} is {@code ["CMD", exe, args…]} or
 * {@code ["CMD-SHELL", "shell command"]}; exit 0 is healthy. Defaults: interval 30 s, timeout 5 s, 3 retries, no
 * start period.
 *
 * <p>Thread-safe (immutable).
 */
public record ContainerHealthCheck(List<String> command, int intervalSeconds, int timeoutSeconds, int retries,
                                   int startPeriodSeconds) {
    /** Copies the command. */
    public ContainerHealthCheck {
        command = List.copyOf(command);
    }
}
