package dev.ballast.control.ecs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of the ECS resources: the clusters by name, the task definitions by
 * {@code family:revision}, the services and the tasks by {@code cluster/name} and {@code cluster/id}, each in
 * creation order.
 *
 * <p>Thread-safe (immutable).
 */
public record EcsState(long revision, Map<String, EcsCluster> clusters,
                       Map<String, EcsTaskDefinition> taskDefinitions, Map<String, EcsServiceEntry> services,
                       Map<String, EcsTask> tasks) {
    /** Copies the maps, keeping their order. */
    public EcsState {
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        taskDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(taskDefinitions));
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }
}
