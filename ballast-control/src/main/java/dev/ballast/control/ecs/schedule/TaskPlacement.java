package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.cluster.Membership;
import dev.ballast.control.ecs.EcsPlacement;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.placement.NodeLoad;
import dev.ballast.control.ecs.placement.PlacementDecision;
import dev.ballast.control.ecs.placement.Placer;
import dev.ballast.control.ecs.placement.TaskNeeds;
import dev.ballast.control.ecs.placement.TaskResources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Chooses the cluster node a new task runs on: weighs each live node (its profile, and the live tasks already
 * placed on it, committed or placed in this pass) and lets the {@link Placer} apply the task's placement constraints
 * and strategies; with none, that is ECS's {@code spread} on {@code instanceId}: the node with the fewest live tasks
 * of the same group, then the fewest live tasks, then the first by name. With no membership (one node alone) tasks
 * are placed on no node and run where they are.
 *
 * <p>Thread-safe (reads the membership's live view, keeps no state; the random generator is only used by the
 * scheduler's thread).
 */
final class TaskPlacement {
    private final Membership membership;
    private final RandomGenerator random;

    /** Places over {@code membership}'s live nodes (null for one node alone), {@code random} for that strategy. */
    TaskPlacement(Membership membership, RandomGenerator random) {
        this.membership = membership;
        this.random = random;
    }

    /** True when tasks are placed on nodes (cluster mode). */
    boolean placing() {
        return membership != null;
    }

    /** The chosen node, or null and why none would do ({@code unmet} is null on one node alone). */
    record Result(ClusterMember node, String unmet) {}

    /**
     * The node for a new task of {@code cluster}'s group {@code group} running {@code taskDefinition}
     * ({@code family:revision}; null reserves nothing) under {@code placement}, counting the tasks of {@code state}
     * and {@code placedNow} (placed in this pass, not committed yet).
     */
    Result place(EcsState state, String cluster, String group, String taskDefinition, EcsPlacement placement,
                 Collection<EcsTask> placedNow) {
        if (membership == null) {
            return new Result(null, null);
        }
        List<ClusterMember> live = membership.live();
        List<EcsTask> tasks = Stream.concat(state.tasks().values().stream(), placedNow.stream())
                .filter(TaskPlacement::counts).toList();
        List<NodeLoad> loads = new ArrayList<>();
        for (ClusterMember m : live) {
            loads.add(load(state, m, tasks, cluster, group));
        }
        TaskNeeds needs = TaskResources.of(group, taskDefinition == null ? null
                : state.taskDefinitions().get(taskDefinition));
        PlacementDecision decision = Placer.place(loads, needs, placement, random);
        if (!decision.placed()) {
            return new Result(null, decision.unmet());
        }
        return new Result(live.stream().filter(m -> m.name().equals(decision.node())).findFirst().orElseThrow(),
                null);
    }

    private static NodeLoad load(EcsState state, ClusterMember m, List<EcsTask> tasks, String cluster,
                                 String group) {
        int cpu = 0;
        int memory = 0;
        int groupTasks = 0;
        int all = 0;
        Set<String> groups = new HashSet<>();
        for (EcsTask t : tasks) {
            if (t.node() == null || !t.node().name().equals(m.name())) {
                continue;
            }
            TaskNeeds used = TaskResources.of(t.group(), state.taskDefinitions().get(t.taskDefinition()));
            cpu += used.cpu();
            memory += used.memory();
            all++;
            if (cluster.equals(t.cluster()) && t.group() != null) {
                groups.add(t.group());
                if (t.group().equals(group)) {
                    groupTasks++;
                }
            }
        }
        return new NodeLoad(m.name(), m.instanceId(), m.profile().allAttributes(), m.profile().cpu(),
                m.profile().memory(), cpu, memory, groupTasks, all, groups);
    }

    /** A task that takes its node's room: asked to run and not stopped yet. */
    private static boolean counts(EcsTask task) {
        return EcsTask.RUNNING.equals(task.desiredStatus()) && !TaskLifecycle.STOPPED.equals(task.lastStatus());
    }
}
