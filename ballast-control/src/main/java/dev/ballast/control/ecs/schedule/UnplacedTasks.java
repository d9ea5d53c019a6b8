package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.ecs.EcsCommits;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader places the tasks that were written without a node (RunTask through any node's API) on a live node, by
 * {@link SpreadPlacement}; that node's runner then starts them. Service tasks are placed when the service scheduler
 * creates them.
 *
 * <p>Not thread-safe: called on the scheduler's thread only.
 */
final class UnplacedTasks {
    private final EcsCommits writer;
    private final SpreadPlacement placement;

    /** Places through {@code writer} on the nodes {@code placement} chooses. */
    UnplacedTasks(EcsCommits writer, SpreadPlacement placement) {
        this.writer = writer;
        this.placement = placement;
    }

    /** One pass: every task waiting for a node gets one, in creation order. */
    void reconcile(EcsState state) {
        List<EcsTask> placed = new ArrayList<>();
        for (EcsTask task : state.tasks().values()) {
            // A task stopped before it was placed is placed too: its node's runner records it STOPPED.
            if (task.node() != null
                    || !(task.lastStatus() == null || TaskLifecycle.PROVISIONING.equals(task.lastStatus()))) {
                continue;
            }
            ClusterMember node = placement.place(state, task.cluster(), String.valueOf(task.group()), placed);
            if (node == null) {
                return; // no live node known yet
            }
            placed.add(TaskEdit.of(task).node(node).build());
        }
        if (placed.isEmpty()) {
            return;
        }
        writer.write(d -> {
            for (EcsTask task : placed) {
                EcsTask current = d.tasks().get(task.key());
                if (current != null && current.node() == null) {
                    d.tasks().put(task.key(), TaskEdit.of(current).node(task.node()).build());
                }
            }
            return null;
        });
    }
}
