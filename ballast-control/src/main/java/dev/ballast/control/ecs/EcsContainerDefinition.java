package dev.ballast.control.ecs;

import java.util.List;

/**
 * One container of a task definition as registered: name, image, optional cpu units and memory (MiB, ints as in
 * ECS's model), whether it is essential, its port mappings, environment, command and entry point.
 *
 * <p>Thread-safe (immutable).
 */
public record EcsContainerDefinition(String name, String image, Integer cpu, Integer memory, boolean essential,
                                     List<EcsPortMapping> portMappings, List<EcsEnvironmentVariable> environment,
                                     List<String> command, List<String> entryPoint) {
    /** Copies the lists; absent lists are empty. */
    public EcsContainerDefinition {
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
        environment = environment == null ? List.of() : List.copyOf(environment);
        command = command == null ? List.of() : List.copyOf(command);
        entryPoint = entryPoint == null ? List.of() : List.copyOf(entryPoint);
    }
}
