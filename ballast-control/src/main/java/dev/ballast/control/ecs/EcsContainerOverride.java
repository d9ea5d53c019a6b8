package dev.ballast.control.ecs;

import java.util.List;

/**
 * RunTask's override of one container: a command replacing the definition's (empty: keep it) and environment
 * variables added to or replacing the definition's.
 *
 * <p>Thread-safe (immutable).
 */
public record EcsContainerOverride(String name, List<String> command, List<EcsEnvironmentVariable> environment) {
    /** Copies the lists; absent lists are empty. */
    public EcsContainerOverride {
        command = command == null ? List.of() : List.copyOf(command);
        environment = environment == null ? List.of() : List.copyOf(environment);
    }
}
