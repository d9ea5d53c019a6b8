package dev.ballast.control.ecs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of the ECS resources: the clusters by name and the task definitions by
 * {@code family:revision}, each in creation order.
 *
 * <p>Thread-safe (immutable).
 */
public record EcsState(long revision, Map<String, EcsCluster> clusters,
                       Map<String, EcsTaskDefinition> taskDefinitions) {
    /** Copies the maps, keeping their order. */
    public EcsState {
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        taskDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(taskDefinitions));
    }
}
