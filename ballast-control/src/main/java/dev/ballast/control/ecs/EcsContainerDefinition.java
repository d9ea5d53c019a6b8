package dev.ballast.control.ecs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container of a task definition as registered: name, image, optional cpu units and memory (MiB, ints as in
 * ECS's model) and soft memory limit, whether it is essential, its port mappings, environment, command and entry
 * point, its health check, stop timeout and Docker labels.
 *
 * <p>Thread-safe (immutable).
 *
 * @param healthCheck the container health check, or null
 * @param stopTimeout seconds between the stop signal and the kill, or null for the driver's default (30 s)
 * @param dockerLabels labels for the container, in registration order
 */
public record EcsContainerDefinition(String name, String image, Integer cpu, Integer memory, boolean essential,
                                     List<EcsPortMapping> portMappings, List<EcsEnvironmentVariable> environment,
                                     List<String> command, List<String> entryPoint, Integer memoryReservation,
                                     EcsHealthCheck healthCheck, Integer stopTimeout,
                                     Map<String, String> dockerLabels) {
    /** Copies the lists; absent lists are empty. */
    public EcsContainerDefinition {
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
        environment = environment == null ? List.of() : List.copyOf(environment);
        command = command == null ? List.of() : List.copyOf(command);
        entryPoint = entryPoint == null ? List.of() : List.copyOf(entryPoint);
        dockerLabels = dockerLabels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dockerLabels));
    }

    /** A container without memory reservation, health check, stop timeout or labels. */
    public EcsContainerDefinition(String name, String image, Integer cpu, Integer memory, boolean essential,
                                  List<EcsPortMapping> portMappings, List<EcsEnvironmentVariable> environment,
                                  List<String> command, List<String> entryPoint) {
        this(name, image, cpu, memory, essential, portMappings, environment, command, entryPoint, null, null, null,
                null);
    }
}
