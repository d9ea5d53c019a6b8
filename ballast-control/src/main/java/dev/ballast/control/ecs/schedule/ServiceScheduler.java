package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.ecs.EcsCommits;
import dev.ballast.control.ecs.EcsDeployment;
import dev.ballast.control.ecs.EcsDeploymentConfiguration;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsServiceEvent;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Reconciles each service toward its PRIMARY deployment, as ECS's service scheduler does: starts tasks up to the
 * desired count and stops extra ones; rolls a new deployment within {@code maximumPercent} (running + pending) and
 * {@code minimumHealthyPercent} (healthy tasks), removing an old deployment once it has no task left; replaces tasks
 * that turn unhealthy after the grace period (replacement first, within {@code maximumPercent}); backs off when tasks
 * keep failing to start; stops every task of a DRAINING (deleted) service and then makes it INACTIVE; forgets INACTIVE
 * services after an hour. It only writes desired state (new tasks, desiredStatus STOPPED) and the service's
 * deployments and events; the {@link TaskRunner} moves the tasks.
 *
 * <p>Not thread-safe: called on the scheduler's thread only.
 */
final class ServiceScheduler {
    /** How long INACTIVE services stay describable. */
    static final Duration INACTIVE_RETENTION = Duration.ofHours(1);
    /** How often "has reached a steady state." is repeated while nothing changes, as ECS does. */
    static final Duration STEADY_STATE_REPEAT = Duration.ofHours(6);
    /** The least time between two identical warnings (unable to start tasks, unable to deploy). */
    static final Duration WARNING_REPEAT = Duration.ofMinutes(5);

    private final EcsCommits writer;
    private final TaskPlacement placement;
    private final TaskHealthRule health;
    private final Clock clock;
    private final RandomGenerator random;
    private final String defaultDriver;

    /**
     * A scheduler writing through {@code writer}, judging health through {@code registrar}, giving new tasks the
     * driver {@code defaultDriver}, on no node (one node alone).
     */
    ServiceScheduler(EcsCommits writer, TargetRegistrar registrar, Clock clock, RandomGenerator random,
                            String defaultDriver) {
        this(writer, new TaskPlacement(null, random), registrar, clock, random, defaultDriver);
    }

    /** As the other constructor, placing new tasks on the nodes {@code placement} chooses. */
    ServiceScheduler(EcsCommits writer, TaskPlacement placement, TargetRegistrar registrar, Clock clock,
                     RandomGenerator random, String defaultDriver) {
        this.writer = writer;
        this.placement = placement;
        this.health = new TaskHealthRule(registrar);
        this.clock = clock;
        this.random = random;
        this.defaultDriver = defaultDriver;
    }

    /** One pass over every service. */
    void reconcile(EcsState state) {
        long now = clock.millis();
        for (EcsServiceEntry service : state.services().values()) {
            switch (String.valueOf(service.status())) {
                case EcsServiceEntry.ACTIVE -> reconcileActive(state, service, now);
                case EcsServiceEntry.DRAINING -> drain(state, service, now);
                case EcsServiceEntry.INACTIVE -> {
                    if (service.deletedAt() != null && now - service.deletedAt() >= INACTIVE_RETENTION.toMillis()) {
                        writer.write(d -> d.services().computeIfPresent(service.key(),
                                (k, s) -> EcsServiceEntry.INACTIVE.equals(s.status()) ? null : s));
                    }
                }
                default -> { }
            }
        }
    }

    /** A task to stop and why. */
    private record Stop(EcsTask task, String reason) {}

    private void reconcileActive(EcsState state, EcsServiceEntry service, long now) {
        if (service.deployments().isEmpty()) {
            return;
        }
        EcsDeployment primary = service.deployments().get(0);
        int desired = service.desiredCount();
        EcsDeploymentConfiguration config = service.deploymentConfiguration() == null
                ? EcsDeploymentConfiguration.defaults() : service.deploymentConfiguration();
        int maxTotal = (int) Math.floor(desired * config.maximumPercent() / 100.0);
        int minHealthy = (int) Math.ceil(desired * config.minimumHealthyPercent() / 100.0);

        List<EcsTask> tasks = ServiceTasks.of(state, service);
        List<EcsTask> live = tasks.stream().filter(ServiceScheduler::isLive).toList();
        Map<EcsTask, TaskHealthRule.Verdict> verdicts = new LinkedHashMap<>();
        live.forEach(t -> verdicts.put(t, health.judge(state, service, t, now)));
        List<EcsTask> doomed = live.stream().filter(t -> verdicts.get(t).replaceReason() != null).toList();
        List<EcsTask> primaryLive = live.stream()
                .filter(t -> primary.id().equals(t.deploymentId()) && !doomed.contains(t)).toList();
        List<EcsTask> oldLive = live.stream()
                .filter(t -> !primary.id().equals(t.deploymentId()) && !doomed.contains(t)).toList();
        List<String> events = new ArrayList<>();

        // Start: up to the desired count of the primary deployment, within maximumPercent, unless throttled.
        int room = maxTotal - live.size();
        int toStart = Math.max(0, Math.min(desired - primaryLive.size(), room));
        StartBackoff.Failures failures = StartBackoff.of(tasks.stream()
                .filter(t -> primary.id().equals(t.deploymentId())).toList());
        if (toStart > 0 && now < failures.retryAt()) {
            toStart = 0;
        }
        if (failures.count() >= StartBackoff.REPORTED_AFTER) {
            warn(service, "(service " + service.name() + ") is unable to consistently start tasks successfully.",
                    now, events);
        }
        List<EcsTask> started = new ArrayList<>();
        for (int i = 0; i < toStart; i++) {
            TaskPlacement.Result where = placement.place(state, service.cluster(),
                    ServiceTasks.group(service.name()), primary.taskDefinition(), service.placement(), started);
            // A task no node can take is written unplaced (PROVISIONING, pending): it is placed once one can.
            started.add(newTask(state, service, primary, now, where.node()));
            if (where.unmet() != null) {
                String message = "(service " + service.name() + ") was unable to place a task because no container "
                        + "instance met all of its requirements. " + where.unmet();
                if (!events.contains(message)) {
                    warn(service, message, now, events);
                }
            }
        }

        // Stop: extra tasks of the primary deployment (those no node could take first, then those not running or
        // not healthy, then the newest).
        List<Stop> stops = new ArrayList<>();
        int extra = primaryLive.size() - desired;
        if (extra > 0) {
            primaryLive.stream().sorted(Comparator.<EcsTask, Boolean>comparing(t -> !placement.placing()
                                    || t.node() != null)
                            .thenComparing(t -> verdicts.get(t).healthy())
                            .thenComparing(Comparator.comparingLong(EcsTask::createdAt).reversed()))
                    .limit(extra).forEach(t -> stops.add(new Stop(t, scaling(primary.id()))));
        }
        // Unhealthy tasks: once their replacements are healthy, or at once when maximumPercent leaves no room.
        long healthyPrimary = primaryLive.stream().filter(t -> verdicts.get(t).healthy()).count();
        boolean noRoom = room <= 0 && toStart == 0;
        for (EcsTask t : doomed) {
            boolean old = !primary.id().equals(t.deploymentId());
            if (old || healthyPrimary >= desired || noRoom) {
                stops.add(new Stop(t, verdicts.get(t).replaceReason()));
                if (verdicts.get(t).problem() != null) {
                    events.add("(service " + service.name() + ") " + verdicts.get(t).problem());
                }
                if (noRoom && !old) {
                    break; // one at a time when there is no room for replacements
                }
            }
        }
        // Older deployments: tasks not counted healthy go at once; healthy ones while minimumHealthyPercent holds.
        long healthyKept = live.stream().filter(t -> verdicts.get(t).healthy()).count()
                - stops.stream().filter(s -> verdicts.get(s.task()).healthy()).count();
        for (EcsTask t : oldLive.stream().sorted(Comparator.comparingLong(EcsTask::createdAt)).toList()) {
            if (!verdicts.get(t).healthy()) {
                stops.add(new Stop(t, scaling(t.deploymentId())));
            } else if (healthyKept - 1 >= minHealthy) {
                stops.add(new Stop(t, scaling(t.deploymentId())));
                healthyKept--;
            }
        }
        boolean transitioning = live.stream().anyMatch(t -> !verdicts.get(t).healthy());
        if (!oldLive.isEmpty() && started.isEmpty() && stops.isEmpty() && !transitioning) {
            warn(service, "(service " + service.name() + ") was unable to stop or start tasks during a deployment "
                    + "because of the service deployment configuration. Update the minimumHealthyPercent or "
                    + "maximumPercent value and try again.", now, events);
        }
        if (!started.isEmpty()) {
            events.add("(service " + service.name() + ") has started " + started.size() + " tasks: "
                    + taskList(started) + ".");
        }
        if (!stops.isEmpty()) {
            events.add("(service " + service.name() + ") has stopped " + stops.size() + " running tasks: "
                    + taskList(stops.stream().map(Stop::task).toList()) + ".");
        }

        // Deployments: an old one leaves once none of its tasks is left; the primary completes when it holds the
        // desired count of healthy tasks and is alone.
        List<EcsDeployment> deployments = new ArrayList<>();
        for (EcsDeployment d : service.deployments()) {
            boolean hasTasks = tasks.stream().anyMatch(t -> d.id().equals(t.deploymentId())
                    && !TaskLifecycle.STOPPED.equals(t.lastStatus()));
            if (d == primary || hasTasks) {
                deployments.add(d);
            }
        }
        boolean primaryDone = deployments.size() == 1 && started.isEmpty() && stops.isEmpty()
                && primaryLive.size() == desired && primaryLive.stream().allMatch(t -> verdicts.get(t).healthy());
        EcsDeployment newPrimary = withCounts(primary, desired, failures.count(), now);
        if (primaryDone && !"COMPLETED".equals(primary.rolloutState())) {
            newPrimary = new EcsDeployment(newPrimary.id(), newPrimary.status(), newPrimary.taskDefinition(),
                    newPrimary.desiredCount(), newPrimary.failedTasks(), "COMPLETED",
                    "ECS deployment " + primary.id() + " completed.", newPrimary.createdAt(), now);
            events.add("(service " + service.name() + ") (deployment " + primary.id() + ") deployment completed.");
        }
        deployments.set(0, newPrimary);
        boolean stopping = tasks.stream().anyMatch(t -> TaskLifecycle.STOPPING_STATUSES.contains(t.lastStatus()));
        if (primaryDone && !stopping && live.size() == desired) {
            steadyState(service, now, events);
        }
        commit(service, started, stops, deployments, events, now);
    }

    private static EcsDeployment withCounts(EcsDeployment d, int desired, int failedTasks, long now) {
        if (d.desiredCount() == desired && d.failedTasks() == failedTasks) {
            return d;
        }
        return new EcsDeployment(d.id(), d.status(), d.taskDefinition(), desired, failedTasks, d.rolloutState(),
                d.rolloutStateReason(), d.createdAt(), now);
    }

    /** "(service S) has reached a steady state." once per steady period, again every {@link #STEADY_STATE_REPEAT}. */
    private static void steadyState(EcsServiceEntry service, long now, List<String> events) {
        String message = "(service " + service.name() + ") has reached a steady state.";
        if (!events.isEmpty()) {
            return;
        }
        EcsServiceEvent newest = service.events().isEmpty() ? null : service.events().get(0);
        if (newest == null || !newest.message().equals(message)
                || now - newest.createdAt() >= STEADY_STATE_REPEAT.toMillis()) {
            events.add(message);
        }
    }

    /** Adds a warning unless the same one was given less than {@link #WARNING_REPEAT} ago. */
    private static void warn(EcsServiceEntry service, String message, long now, List<String> events) {
        boolean recent = service.events().stream()
                .anyMatch(e -> e.message().equals(message) && now - e.createdAt() < WARNING_REPEAT.toMillis());
        if (!recent) {
            events.add(message);
        }
    }

    private void drain(EcsState state, EcsServiceEntry service, long now) {
        List<EcsTask> tasks = ServiceTasks.of(state, service);
        List<Stop> stops = tasks.stream().filter(ServiceScheduler::isLive)
                .map(t -> new Stop(t, scaling(t.deploymentId()))).toList();
        List<String> events = new ArrayList<>();
        if (!stops.isEmpty()) {
            events.add("(service " + service.name() + ") has stopped " + stops.size() + " running tasks: "
                    + taskList(stops.stream().map(Stop::task).toList()) + ".");
            commit(service, List.of(), stops, service.deployments(), events, now);
            return;
        }
        if (tasks.stream().allMatch(t -> TaskLifecycle.STOPPED.equals(t.lastStatus()))) {
            writer.write(d -> {
                EcsServiceEntry current = d.services().get(service.key());
                if (current != null && EcsServiceEntry.DRAINING.equals(current.status())) {
                    d.services().put(service.key(), ServiceEdit.of(current).status(EcsServiceEntry.INACTIVE)
                            .deletedAt(now).build());
                }
                return null;
            });
        }
    }

    /**
     * Writes one pass's decisions in one commit, against the stored versions: a task someone else stopped meanwhile
     * keeps its reason; nothing is started for a service that was deleted or changed its deployments meanwhile.
     */
    private void commit(EcsServiceEntry seen, List<EcsTask> started, List<Stop> stops,
                        List<EcsDeployment> deployments, List<String> events, long now) {
        if (started.isEmpty() && stops.isEmpty() && events.isEmpty() && deployments.equals(seen.deployments())) {
            return;
        }
        writer.write(d -> {
            EcsServiceEntry current = d.services().get(seen.key());
            if (current == null || !current.deployments().equals(seen.deployments())
                    || !current.status().equals(seen.status())) {
                return null; // changed under us: the next pass decides again
            }
            for (Stop stop : stops) {
                EcsTask task = d.tasks().get(stop.task().key());
                if (task != null && EcsTask.RUNNING.equals(task.desiredStatus())) {
                    d.tasks().put(task.key(), TaskEdit.of(task)
                            .stopFor(TaskLifecycle.SERVICE_SCHEDULER_INITIATED, stop.reason()).build());
                }
            }
            started.forEach(t -> d.tasks().put(t.key(), t));
            ServiceEdit edit = ServiceEdit.of(current).deployments(deployments);
            events.forEach(message -> edit.event(message, now));
            d.services().put(current.key(), edit.build());
            return null;
        });
    }

    private EcsTask newTask(EcsState state, EcsServiceEntry service, EcsDeployment deployment, long now,
                            ClusterMember node) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        EcsTaskDefinition definition = state.taskDefinitions().get(deployment.taskDefinition());
        return new EcsTask(service.cluster(), HexFormat.of().formatHex(id), deployment.taskDefinition(),
                ServiceTasks.group(service.name()), deployment.id(), service.name(), deployment.id(),
                service.launchType(), EcsTask.RUNNING, TaskLifecycle.PROVISIONING, TaskLifecycle.UNKNOWN,
                definition == null ? List.of() : ContainerRecords.pending(definition), List.of(),
                service.networkConfiguration(), null, defaultDriver, null, null, null, List.of(), now, null, null,
                null, 1, node);
    }

    /** A task that runs or is on its way to running, and nobody asked to stop. */
    private static boolean isLive(EcsTask task) {
        return EcsTask.RUNNING.equals(task.desiredStatus()) && !TaskLifecycle.STOPPED.equals(task.lastStatus())
                && !TaskLifecycle.STOPPING_STATUSES.contains(task.lastStatus());
    }

    private static String scaling(String deploymentId) {
        return "Scaling activity initiated by (deployment " + deploymentId + ")";
    }

    private static String taskList(List<EcsTask> tasks) {
        return tasks.stream().map(t -> "(task " + t.id() + ")").collect(Collectors.joining(" "));
    }
}
