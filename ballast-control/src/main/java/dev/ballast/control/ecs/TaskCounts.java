package dev.ballast.control.ecs;

import java.util.Set;
import java.util.function.Predicate;

/**
 * How many tasks run and how many are on their way to running, derived from the tasks' last status (RUNNING vs
 * PROVISIONING, PENDING or ACTIVATING), never stored: for a service, one of its deployments, or a cluster.
 *
 * <p>Thread-safe (immutable).
 */
public record TaskCounts(int running, int pending) {
    private static final Set<String> PENDING = Set.of("PROVISIONING", "PENDING", "ACTIVATING");

    /** The counts over the tasks of {@code state} that {@code which} selects. */
    public static TaskCounts of(EcsState state, Predicate<EcsTask> which) {
        int running = 0;
        int pending = 0;
        for (EcsTask task : state.tasks().values()) {
            if (!which.test(task)) {
                continue;
            }
            if (task.lastStatus().equals(EcsTask.RUNNING)) {
                running++;
            } else if (PENDING.contains(task.lastStatus())) {
                pending++;
            }
        }
        return new TaskCounts(running, pending);
    }

    /** The counts of {@code service}'s tasks. */
    public static TaskCounts ofService(EcsState state, EcsServiceEntry service) {
        return of(state, t -> t.cluster().equals(service.cluster()) && service.name().equals(t.serviceName()));
    }

    /** The counts of the tasks {@code service}'s deployment {@code deploymentId} started. */
    public static TaskCounts ofDeployment(EcsState state, EcsServiceEntry service, String deploymentId) {
        return of(state, t -> t.cluster().equals(service.cluster()) && service.name().equals(t.serviceName())
                && deploymentId.equals(t.deploymentId()));
    }

    /** The counts of every task in {@code cluster}. */
    public static TaskCounts ofCluster(EcsState state, String cluster) {
        return of(state, t -> t.cluster().equals(cluster));
    }
}
