package dev.ballast.control.ecs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable copy of the ECS resources a command of the {@link EcsWriter} changes: clusters by name and task
 * definitions by {@code family:revision}, both in creation order.
 *
 * <p>Not thread-safe: used by one command at a time, under the writer's lock.
 */
public record EcsDraft(Map<String, EcsCluster> clusters, Map<String, EcsTaskDefinition> taskDefinitions) {
    /** A draft copied from {@code state}. */
    static EcsDraft of(EcsState state) {
        return new EcsDraft(new LinkedHashMap<>(state.clusters()), new LinkedHashMap<>(state.taskDefinitions()));
    }
}
