package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.cluster.Membership;
import dev.ballast.control.ecs.EcsCommits;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's view of nodes that left the cluster: a task placed on a node that has been missing from the live
 * nodes for {@code grace} is recorded STOPPED at once (nobody is left to stop it), with stop code
 * {@value #STOP_CODE} and the reason "Task stopped because the node ... left the cluster"; its service then starts a
 * replacement on a live node and its targets are deregistered ({@link TargetRegistrar}). The grace counts from when
 * this leader first saw the node missing, so a leader that just took over does not take nodes that are restarting
 * for gone.
 *
 * <p>Not thread-safe: called on the scheduler's thread only.
 */
final class LostNodeTasks {
    /** The stop code of a task whose node left: ECS's code for a task whose host went away. */
    static final String STOP_CODE = "TerminationNotice";
    private static final Logger LOG = LoggerFactory.getLogger(LostNodeTasks.class);

    private final EcsCommits writer;
    private final Membership membership;
    private final Duration grace;
    private final Clock clock;
    /** Since when (clock millis) each node that has tasks has been missing, by name. */
    private final Map<String, Long> missingSince = new HashMap<>();

    /** Stops, through {@code writer}, the tasks of nodes missing from {@code membership} for {@code grace}. */
    LostNodeTasks(EcsCommits writer, Membership membership, Duration grace, Clock clock) {
        this.writer = writer;
        this.membership = membership;
        this.grace = grace;
        this.clock = clock;
    }

    /** True for a task recorded STOPPED because its node left (its targets still have to go). */
    static boolean isLost(EcsTask task) {
        return TaskLifecycle.STOPPED.equals(task.lastStatus()) && STOP_CODE.equals(task.stopCode())
                && task.node() != null;
    }

    /** One pass: the tasks of nodes missing for the grace period are recorded STOPPED. */
    void reconcile(EcsState state) {
        Set<String> live = new HashSet<>();
        membership.live().forEach(m -> live.add(m.name()));
        if (!live.contains(membership.self().name())) {
            return; // this node's own view is not complete yet (or it is cut off itself): judge nobody
        }
        long now = clock.millis();
        Set<String> missing = new HashSet<>();
        Map<String, ClusterMember> gone = new HashMap<>();
        for (EcsTask task : state.tasks().values()) {
            ClusterMember node = task.node();
            if (node == null || live.contains(node.name()) || TaskLifecycle.STOPPED.equals(task.lastStatus())) {
                continue;
            }
            missing.add(node.name());
            long since = missingSince.computeIfAbsent(node.name(), n -> now);
            if (now - since >= grace.toMillis()) {
                gone.put(node.name(), node);
            }
        }
        missingSince.keySet().retainAll(missing);
        if (gone.isEmpty()) {
            return;
        }
        writer.write(d -> {
            for (EcsTask task : List.copyOf(d.tasks().values())) {
                ClusterMember node = task.node();
                if (node != null && gone.containsKey(node.name())
                        && !TaskLifecycle.STOPPED.equals(task.lastStatus())) {
                    d.tasks().put(task.key(), stoppedFor(task, now));
                }
            }
            return null;
        });
        gone.values().forEach(n -> LOG.warn("node {} ({}) left the cluster; its tasks are STOPPED", n.name(),
                n.address()));
    }

    private static EcsTask stoppedFor(EcsTask task, long now) {
        ClusterMember node = task.node();
        TaskEdit edit = TaskEdit.of(task)
                .stoppedFor(STOP_CODE, "Task stopped because the node " + node.name() + " (instance "
                        + node.instanceId() + ", " + node.address() + ") left the cluster")
                .lastStatus(TaskLifecycle.STOPPED).stoppedAt(now)
                .containers(ContainerRecords.stopped(task.containers()));
        if (task.stoppingAt() == null) {
            edit.stoppingAt(now);
        }
        return edit.build();
    }
}
