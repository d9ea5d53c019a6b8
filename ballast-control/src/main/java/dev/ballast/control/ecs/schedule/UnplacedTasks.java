package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.ecs.EcsCommits;
import dev.ballast.control.ecs.EcsPlacement;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader places the tasks that were written without a node on a live node, by {@link TaskPlacement}: RunTask's
 * (written through any node's API) by their own placement, and service tasks that no node could take when the service
 * scheduler created them by their service's; that node's runner then starts them. A task that still fits no node
 * waits (PROVISIONING) for the next pass. A task asked to stop before it was placed goes to any live node, whose
 * runner records it STOPPED.
 *
 * <p>Not thread-safe: called on the scheduler's thread only.
 */
final class UnplacedTasks {
    private final EcsCommits writer;
    private final TaskPlacement placement;

    /** Places through {@code writer} on the nodes {@code placement} chooses. */
    UnplacedTasks(EcsCommits writer, TaskPlacement placement) {
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
            boolean stopped = EcsTask.STOPPED.equals(task.desiredStatus());
            ClusterMember node = placement.place(state, task.cluster(), String.valueOf(task.group()),
                    stopped ? null : task.taskDefinition(), stopped ? EcsPlacement.NONE : placementOf(state, task),
                    placed).node();
            if (node == null) {
                continue; // no live node can take it (yet)
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

    /** A service task follows its service's placement (as it is now), a RunTask task its own. */
    private static EcsPlacement placementOf(EcsState state, EcsTask task) {
        if (task.serviceName() == null) {
            return task.placement();
        }
        EcsServiceEntry service = state.services().get(task.cluster() + "/" + task.serviceName());
        return service == null ? EcsPlacement.NONE : service.placement();
    }
}
