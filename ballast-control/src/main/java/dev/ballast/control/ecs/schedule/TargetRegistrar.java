package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsLoadBalancer;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.elbv2.ElbControl;
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
public final class TargetRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(TargetRegistrar.class);

    private final EcsWriter writer;
    private final ElbControl elb;
    private final Clock clock;

    /** A registrar acting on {@code elb}'s target groups, writing events through {@code writer}. */
    public TargetRegistrar(EcsWriter writer, ElbControl elb, Clock clock) {
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
        Map<String, Set<String>> drainingByDeployment = new LinkedHashMap<>();
        for (EcsLoadBalancer lb : service.loadBalancers()) {
            TargetGroupEntry group = lb.targetGroupArn() == null ? null
                    : elb.state().targetGroups().get(lb.targetGroupArn());
            if (group == null) {
                continue;
            }
            String arn = group.arn();
            if (group.model().targetType() != TargetType.IP) {
                String message = "(service " + service.name() + ") was unable to register targets in (target-group "
                        + arn + "): target type " + group.model().targetType().wire() + " is not supported for tasks "
                        + "(expected: a target group of type ip)";
                if (service.events().stream().noneMatch(e -> e.message().equals(message))) {
                    events.add(message);
                }
                continue;
            }
            Set<String> registered = new LinkedHashSet<>();
            group.model().targets().forEach(t -> registered.add(t.key()));
            Map<String, TargetRef> wanted = new LinkedHashMap<>();
            Map<String, EcsTask> leaving = new LinkedHashMap<>();
            Map<String, TargetRef> leavingRefs = new LinkedHashMap<>();
            for (EcsTask task : tasks) {
                TargetRef ref = TaskTargets.of(task, state.taskDefinitions().get(task.taskDefinition()), lb);
                if (ref == null) {
                    continue;
                }
                String key = new Target(ref.id(), ref.port(), null).key();
                if (isServing(task)) {
                    wanted.put(key, ref);
                } else if (isLeaving(task)) {
                    leaving.put(key, task);
                    leavingRefs.put(key, ref);
                }
            }
            // A leaving task's address may already be a new task's (a reused host port): that target stays.
            wanted.keySet().forEach(key -> {
                leaving.remove(key);
                leavingRefs.remove(key);
            });
            List<TargetRef> toRegister = wanted.entrySet().stream().filter(e -> !registered.contains(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            List<String> toDeregisterKeys = leavingRefs.keySet().stream().filter(registered::contains).toList();
            if (!toRegister.isEmpty() && apply(() -> elb.targetGroups().register(arn, toRegister), service, arn)) {
                events.add("(service " + service.name() + ") registered " + toRegister.size() + " targets in "
                        + "(target-group " + arn + ")");
            }
            if (!toDeregisterKeys.isEmpty()) {
                List<TargetRef> refs = toDeregisterKeys.stream().map(leavingRefs::get).toList();
                if (apply(() -> elb.targetGroups().deregister(arn, refs), service, arn)) {
                    events.add("(service " + service.name() + ") deregistered " + refs.size() + " targets in "
                            + "(target-group " + arn + ")");
                    toDeregisterKeys.forEach(key -> {
                        EcsTask task = leaving.get(key);
                        drainingByDeployment.computeIfAbsent(String.valueOf(task.deploymentId()),
                                d -> new LinkedHashSet<>()).add(task.id());
                    });
                }
            }
        }
        drainingByDeployment.forEach((deployment, taskIds) -> events.add("(service " + service.name()
                + ", taskSet " + deployment + ") has begun draining connections on " + taskIds.size() + " tasks."));
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
    private static boolean isServing(EcsTask task) {
        return TaskLifecycle.RUNNING.equals(task.lastStatus()) && EcsTask.RUNNING.equals(task.desiredStatus());
    }

    private static boolean isLeaving(EcsTask task) {
        return TaskLifecycle.STOPPING_STATUSES.contains(task.lastStatus())
                || TaskLifecycle.STOPPED.equals(task.lastStatus());
    }

    /**
     * True once none of {@code task}'s targets is registered or draining any more in its service's target groups
     * (each is {@code unused}): the task may be sent its stop signal. A task of no service, or of a service without
     * load balancers, is drained at once.
     */
    boolean drained(EcsState state, EcsTask task) {
        EcsServiceEntry service = ServiceTasks.owner(state, task);
        if (service == null) {
            return true;
        }
        for (EcsLoadBalancer lb : service.loadBalancers()) {
            TargetGroupEntry group = lb.targetGroupArn() == null ? null
                    : elb.state().targetGroups().get(lb.targetGroupArn());
            TargetRef ref = TaskTargets.of(task, state.taskDefinitions().get(task.taskDefinition()), lb);
            if (group == null || ref == null) {
                continue;
            }
            String key = new Target(ref.id(), ref.port(), null).key();
            if (group.model().targets().stream().anyMatch(t -> t.key().equals(key))) {
                return false;
            }
            if (health(group.arn(), ref).state() == TargetHealthState.DRAINING) {
                return false;
            }
        }
        return true;
    }

    /** A task's target in one group and its health there. */
    record TargetView(TargetRef target, TargetHealth health) {}

    /**
     * {@code task}'s target and its health in each target group of its service, by group ARN (groups that are gone
     * or of another target type are left out).
     */
    Map<String, TargetView> targetHealth(EcsState state, EcsServiceEntry service, EcsTask task) {
        Map<String, TargetView> byGroup = new LinkedHashMap<>();
        for (EcsLoadBalancer lb : service.loadBalancers()) {
            TargetGroupEntry group = lb.targetGroupArn() == null ? null
                    : elb.state().targetGroups().get(lb.targetGroupArn());
            TargetRef ref = TaskTargets.of(task, state.taskDefinitions().get(task.taskDefinition()), lb);
            if (group != null && ref != null && group.model().targetType() == TargetType.IP) {
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
