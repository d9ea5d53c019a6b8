package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsCommits;
import dev.ballast.control.ecs.EcsLoadBalancer;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.NodeInstance;
import dev.ballast.control.elbv2.TargetGroupCommands.TargetRef;
import dev.ballast.control.elbv2.TargetGroupEntry;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthState;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a service's tasks in the target groups of its {@code loadBalancers}: a task that reached RUNNING is
 * registered, a task on its way out (DEACTIVATING and later) is deregistered and then drains for the group's
 * deregistration delay; the task runner stops it only once every one of its targets is {@code unused}
 * ({@link #drained}). It works from the stored states alone (what is registered is read from the ELB state), so a
 * restart between two steps loses nothing. Events as ECS words them: "registered N targets in (target-group …)",
 * "deregistered N targets in …", "has begun draining connections on N tasks.".
 *
 * <p>Not thread-safe: called on the scheduler's thread only.
 */
final class TargetRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(TargetRegistrar.class);

    private final EcsCommits writer;
    private final ElbControl elb;
    private final Clock clock;

    /** A registrar acting on {@code elb}'s target groups, writing events through {@code writer}. */
    TargetRegistrar(EcsCommits writer, ElbControl elb, Clock clock) {
        this.writer = writer;
        this.elb = elb;
        this.clock = clock;
    }

    /** Registers the RUNNING tasks and deregisters the leaving ones of every service, with the events. */
    void reconcile(EcsState state) {
        for (EcsServiceEntry service : state.services().values()) {
            if (!service.loadBalancers().isEmpty()) {
                reconcile(state, service);
            }
        }
    }

    private void reconcile(EcsState state, EcsServiceEntry service) {
        List<EcsTask> tasks = ServiceTasks.of(state, service);
        List<String> events = new ArrayList<>();
        // Target keys that serving tasks of the service hold in each group: they are registered, never deregistered.
        Map<String, Set<String>> wantedByGroup = new LinkedHashMap<>();
        for (EcsLoadBalancer lb : service.loadBalancers()) {
            TargetGroupEntry group = lb.targetGroupArn() == null ? null
                    : elb.state().targetGroups().get(lb.targetGroupArn());
            if (group == null) {
                continue;
            }
            String arn = group.arn();
            TargetType type = group.model().targetType();
            if (!TaskTargets.holdsTasks(type)) {
                continue; // CreateService refuses such groups; one named later by a changed group is left alone
            }
            Set<String> registered = registeredKeys(group);
            Map<String, TargetRef> wanted = new LinkedHashMap<>();
            for (EcsTask task : tasks) {
                TargetRef ref = TaskTargets.of(task, state.taskDefinitions().get(task.taskDefinition()), lb, type,
                        instanceOf(task));
                if (ref != null && isServing(task)) {
                    wanted.put(key(ref), ref);
                }
            }
            wantedByGroup.computeIfAbsent(arn, a -> new LinkedHashSet<>()).addAll(wanted.keySet());
            List<TargetRef> toRegister = wanted.entrySet().stream().filter(e -> !registered.contains(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            if (!toRegister.isEmpty() && apply(() -> elb.targetGroups().register(arn, toRegister), service, arn)) {
                events.add("(service " + service.name() + ") registered " + toRegister.size() + " targets in "
                        + "(target-group " + arn + ")");
            }
        }
        deregisterLeaving(state, service, tasks, wantedByGroup, events);
        if (!events.isEmpty()) {
            long now = clock.millis();
            writer.write(d -> {
                EcsServiceEntry current = d.services().get(service.key());
                if (current != null) {
                    ServiceEdit edit = ServiceEdit.of(current);
                    events.forEach(message -> edit.event(message, now));
                    d.services().put(service.key(), edit.build());
                }
                return null;
            });
        }
    }

    /**
     * Deregisters the targets of the service's leaving tasks from every ip or instance target group that holds them:
     * those of its load balancers, and those it had before an UpdateService changed its load balancers. A key a
     * serving task of the service holds in that group (a reused host port) stays.
     */
    private void deregisterLeaving(EcsState state, EcsServiceEntry service, List<EcsTask> tasks,
                                   Map<String, Set<String>> wantedByGroup, List<String> events) {
        Map<String, EcsTask> leaving = new LinkedHashMap<>();
        Map<String, TargetRef> leavingRefs = new LinkedHashMap<>();
        for (EcsTask task : tasks) {
            if (TaskLifecycle.STOPPING_STATUSES.contains(task.lastStatus()) || LostNodeTasks.isLost(task)) {
                for (TargetRef ref : TaskTargets.all(task, state.taskDefinitions().get(task.taskDefinition()),
                        service.loadBalancers(), instanceOf(task))) {
                    leaving.put(key(ref), task);
                    leavingRefs.put(key(ref), ref);
                }
            }
        }
        if (leaving.isEmpty()) {
            return;
        }
        Map<String, Set<String>> drainingByDeployment = new LinkedHashMap<>();
        for (TargetGroupEntry group : elb.state().targetGroups().values()) {
            if (!TaskTargets.holdsTasks(group.model().targetType())) {
                continue;
            }
            String arn = group.arn();
            Set<String> keep = wantedByGroup.getOrDefault(arn, Set.of());
            Set<String> registered = registeredKeys(group);
            List<String> keys = leavingRefs.keySet().stream()
                    .filter(k -> registered.contains(k) && !keep.contains(k)).toList();
            if (keys.isEmpty()) {
                continue;
            }
            List<TargetRef> refs = keys.stream().map(leavingRefs::get).toList();
            if (apply(() -> elb.targetGroups().deregister(arn, refs), service, arn)) {
                events.add("(service " + service.name() + ") deregistered " + refs.size() + " targets in "
                        + "(target-group " + arn + ")");
                keys.forEach(k -> drainingByDeployment.computeIfAbsent(String.valueOf(leaving.get(k).deploymentId()),
                        d -> new LinkedHashSet<>()).add(leaving.get(k).id()));
            }
        }
        drainingByDeployment.forEach((deployment, taskIds) -> events.add("(service " + service.name()
                + ", taskSet " + deployment + ") has begun draining connections on " + taskIds.size() + " tasks."));
    }

    /**
     * The instance id bridge and host tasks are registered as in instance groups: that of the cluster node the task
     * runs on, else this node's; null if none.
     */
    private String instanceOf(EcsTask task) {
        if (task.node() != null) {
            return task.node().instanceId();
        }
        NodeInstance node = elb.settings().nodeInstance();
        return node == null ? null : node.id();
    }

    private static Set<String> registeredKeys(TargetGroupEntry group) {
        Set<String> registered = new LinkedHashSet<>();
        group.model().targets().forEach(t -> registered.add(t.key()));
        return registered;
    }

    private static String key(TargetRef ref) {
        return new Target(ref.id(), ref.port(), null).key();
    }

    /** Runs an ELB command; a refusal (the group deleted meanwhile, a limit) is logged and retried next pass. */
    private static boolean apply(Runnable command, EcsServiceEntry service, String arn) {
        try {
            command.run();
            return true;
        } catch (AwsException e) {
            LOG.warn("service {}: changing the targets of {} failed: {}", service.name(), arn, e.getMessage());
            return false;
        }
    }

    /** True while {@code task} should receive traffic: it runs and nobody asked it to stop. */
    static boolean isServing(EcsTask task) {
        return TaskLifecycle.RUNNING.equals(task.lastStatus()) && EcsTask.RUNNING.equals(task.desiredStatus());
    }

    /**
     * True once none of {@code task}'s targets is registered or draining any more in any ip or instance target group
     * (each is {@code unused}): the task may be sent its stop signal. A task of no service is drained at once.
     */
    boolean drained(EcsState state, EcsTask task) {
        EcsServiceEntry service = ServiceTasks.owner(state, task);
        if (service == null) {
            return true;
        }
        List<TargetRef> refs = TaskTargets.all(task, state.taskDefinitions().get(task.taskDefinition()),
                service.loadBalancers(), instanceOf(task));
        for (TargetGroupEntry group : elb.state().targetGroups().values()) {
            if (!TaskTargets.holdsTasks(group.model().targetType())) {
                continue;
            }
            Set<String> registered = registeredKeys(group);
            for (TargetRef ref : refs) {
                if (registered.contains(key(ref)) || health(group.arn(), ref).state() == TargetHealthState.DRAINING) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A task's target in one group and its health there. */
    record TargetView(TargetRef target, TargetHealth health) {}

    /**
     * {@code task}'s target and its health in each target group of its service, by group ARN (groups that are gone
     * or where the task has no target are left out).
     */
    Map<String, TargetView> targetHealth(EcsState state, EcsServiceEntry service, EcsTask task) {
        Map<String, TargetView> byGroup = new LinkedHashMap<>();
        for (EcsLoadBalancer lb : service.loadBalancers()) {
            TargetGroupEntry group = lb.targetGroupArn() == null ? null
                    : elb.state().targetGroups().get(lb.targetGroupArn());
            TargetRef ref = group == null ? null : TaskTargets.of(task,
                    state.taskDefinitions().get(task.taskDefinition()), lb, group.model().targetType(),
                    instanceOf(task));
            if (ref != null) {
                byGroup.put(group.arn(), new TargetView(ref, health(group.arn(), ref)));
            }
        }
        return byGroup;
    }

    private TargetHealth health(String groupArn, TargetRef ref) {
        try {
            return elb.describeTargetHealth(groupArn, List.of(ref)).get(0).health();
        } catch (AwsException e) {
            return TargetHealth.NOT_REGISTERED; // the group was deleted meanwhile: nothing drains there
        }
    }
}
