package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.cluster.Membership;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the cluster node a new task runs on, as ECS's {@code spread} placement strategy on {@code instanceId} does:
 * the live node with the fewest live tasks of the same group (the tasks of one service, or of one RunTask family),
 * then the one with the fewest live tasks of any group, then the first by name. With no membership (one node alone)
 * tasks are placed on no node and run where they are.
 *
 * <p>Thread-safe (reads the membership's live view, keeps no state).
 */
final class SpreadPlacement {
    private final Membership membership;

    /** Spreads over {@code membership}'s live nodes; null for one node alone. */
    SpreadPlacement(Membership membership) {
        this.membership = membership;
    }

    /** True when tasks are placed on nodes (cluster mode). */
    boolean placing() {
        return membership != null;
    }

    /**
     * The node for a new task of {@code cluster}'s group {@code group}, counting the tasks of {@code state} and
     * {@code placedNow} (placed in this pass, not committed yet); null with no membership or no live node.
     */
    ClusterMember place(EcsState state, String cluster, String group, Collection<EcsTask> placedNow) {
        if (membership == null) {
            return null;
        }
        List<ClusterMember> live = membership.live();
        if (live.isEmpty()) {
            return null;
        }
        List<EcsTask> tasks = java.util.stream.Stream.concat(state.tasks().values().stream(), placedNow.stream())
                .filter(SpreadPlacement::counts).toList();
        return live.stream().min(Comparator
                        .comparingLong((ClusterMember m) -> tasks.stream().filter(t -> on(t, m)
                                && cluster.equals(t.cluster()) && group.equals(t.group())).count())
                        .thenComparingLong(m -> tasks.stream().filter(t -> on(t, m)).count())
                        .thenComparing(ClusterMember::name))
                .orElseThrow();
    }

    /** A task that takes its node's room: asked to run and not stopped yet. */
    private static boolean counts(EcsTask task) {
        return EcsTask.RUNNING.equals(task.desiredStatus()) && !TaskLifecycle.STOPPED.equals(task.lastStatus());
    }

    private static boolean on(EcsTask task, ClusterMember member) {
        return task.node() != null && task.node().name().equals(member.name());
    }
}
