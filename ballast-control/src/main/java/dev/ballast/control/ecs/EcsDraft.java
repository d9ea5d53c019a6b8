package dev.ballast.control.ecs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable copy of the ECS resources a command of the {@link EcsWriter} changes: clusters by name, task
 * definitions by {@code family:revision}, services by {@code cluster/name} and tasks by {@code cluster/id}, all in
 * creation order.
 *
 * <p>Not thread-safe: used by one command at a time, under the writer's lock.
 */
public record EcsDraft(Map<String, EcsCluster> clusters, Map<String, EcsTaskDefinition> taskDefinitions,
                       Map<String, EcsServiceEntry> services, Map<String, EcsTask> tasks) {
    /** A draft copied from {@code state}. */
    static EcsDraft of(EcsState state) {
        return new EcsDraft(new LinkedHashMap<>(state.clusters()), new LinkedHashMap<>(state.taskDefinitions()),
                new LinkedHashMap<>(state.services()), new LinkedHashMap<>(state.tasks()));
    }

    /** True if this draft holds exactly what {@code state} holds. */
    boolean sameAs(EcsState state) {
        return clusters.equals(state.clusters()) && taskDefinitions.equals(state.taskDefinitions())
                && services.equals(state.services()) && tasks.equals(state.tasks());
    }

    /** The state this draft becomes at {@code revision}. */
    EcsState commit(long revision) {
        return new EcsState(revision, clusters, taskDefinitions, services, tasks);
    }
}
