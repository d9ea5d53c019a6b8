package dev.ballast.control.ecs;

import dev.ballast.control.ecs.placement.PlacementChecks;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ECS task commands and queries, which write the <em>desired</em> state only: RunTask stores PROVISIONING tasks
 * that want to run, on the server's default driver (the task runner starts them); StopTask marks a task to stop
 * (the runner deregisters, signals and records STOPPED); find and list.
 *
 * <p>Thread-safe: writes go through the {@link EcsWriter}; reads use one committed state.
 */
public final class TaskCommands {
    /** The most tasks one RunTask starts, as on ECS. */
    public static final int MAX_COUNT = 10;
    /** The last status of a task that was just stored. */
    public static final String PROVISIONING = "PROVISIONING";
    private static final int MAX_STARTED_BY = 128;
    private static final int MAX_GROUP = 255;
    private static final Set<String> DESIRED_STATUSES = Set.of(EcsTask.RUNNING, "PENDING", EcsTask.STOPPED);

    private final EcsWriter writer;
    private final ClusterCommands clusters;
    private final EcsIds ids;
    private final Clock clock;
    private final String defaultDriver;

    /**
     * Commands on {@code writer}'s tasks; RunTask's tasks are run by the driver named {@code defaultDriver}
     * ({@code process}, {@code docker}).
     */
    public TaskCommands(EcsWriter writer, ClusterCommands clusters, EcsIds ids, Clock clock, String defaultDriver) {
        this.writer = writer;
        this.clusters = clusters;
        this.ids = ids;
        this.clock = clock;
        this.defaultDriver = defaultDriver;
    }

    /**
     * Stores {@code count} new tasks, PROVISIONING and desired RUNNING, and returns them.
     *
     * @throws AwsException ClusterNotFoundException, ClientException (task definition unknown) or
     *     InvalidParameterException; nothing is stored
     */
    public List<EcsTask> run(RunTaskRequest request) {
        int count = request.count() == null ? 1 : request.count();
        if (count < 1 || count > MAX_COUNT) {
            throw invalid("count: " + count + " (expected: 1-" + MAX_COUNT + ")");
        }
        if (request.startedBy() != null && (request.startedBy().isEmpty()
                || request.startedBy().length() > MAX_STARTED_BY)) {
            throw invalid("startedBy: " + request.startedBy() + " (expected: 1-" + MAX_STARTED_BY + " characters)");
        }
        if (request.group() != null && (request.group().isEmpty() || request.group().length() > MAX_GROUP)) {
            throw invalid("group: " + request.group() + " (expected: 1-" + MAX_GROUP + " characters)");
        }
        ResourceTags.checkCount(request.tags());
        String cluster = clusters.existing(request.cluster());
        long now = clock.millis();
        return writer.write(draft -> {
            if (!draft.clusters().containsKey(cluster)) {
                throw ClusterCommands.notFound();
            }
            EcsTaskDefinition definition = TaskDefinitionCommands.launchable(draft.taskDefinitions(),
                    request.taskDefinition());
            String launchType = LaunchChecks.launchType(definition, request.launchType());
            LaunchChecks.network(definition, request.networkConfiguration());
            PlacementChecks.check(request.placement(), launchType);
            checkOverrides(definition, request.containerOverrides());
            String group = request.group() == null ? "family:" + definition.family() : request.group();
            List<EcsTask> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                EcsTask task = provisioning(ids, cluster, definition, group, request.startedBy(), null, null,
                        launchType, request.containerOverrides(), request.networkConfiguration(), defaultDriver,
                        request.tags(), now, request.placement());
                draft.tasks().put(task.key(), task);
                started.add(task);
            }
            return started;
        });
    }

    /**
     * A new task record as RunTask and the service scheduler store it: PROVISIONING, desired RUNNING, health
     * UNKNOWN, one PENDING container per container definition, version 1.
     *
     * @param serviceName  the owning service, or null
     * @param deploymentId the service deployment that starts it, or null
     */
    public static EcsTask provisioning(EcsIds ids, String cluster, EcsTaskDefinition definition, String group,
                                       String startedBy, String serviceName, String deploymentId, String launchType,
                                       List<EcsContainerOverride> overrides, EcsNetworkConfiguration network,
                                       String driver, List<EcsTag> tags, long now) {
        return provisioning(ids, cluster, definition, group, startedBy, serviceName, deploymentId, launchType,
                overrides, network, driver, tags, now, EcsPlacement.NONE);
    }

    /** As the other overload, for a task placed by {@code placement} (RunTask's constraints and strategies). */
    public static EcsTask provisioning(EcsIds ids, String cluster, EcsTaskDefinition definition, String group,
                                       String startedBy, String serviceName, String deploymentId, String launchType,
                                       List<EcsContainerOverride> overrides, EcsNetworkConfiguration network,
                                       String driver, List<EcsTag> tags, long now, EcsPlacement placement) {
        List<EcsContainer> containers = definition.containerDefinitions().stream()
                .map(c -> new EcsContainer(ids.uuid(), c.name(), c.image(), null, "PENDING", null, null, "UNKNOWN",
                        List.of()))
                .toList();
        return new EcsTask(cluster, ids.taskId(), definition.key(), group, startedBy, serviceName, deploymentId,
                launchType, EcsTask.RUNNING, PROVISIONING, "UNKNOWN", containers, overrides, network, null, driver,
                null, null, null, tags, now, null, null, null, 1, null, placement);
    }

    /**
     * Asks task {@code taskRef} (id or ARN) to stop: desired status STOPPED, stop code UserInitiated, the reason
     * given (or "Task stopped by user"), stoppingAt now. A task already asked to stop is returned unchanged.
     *
     * @throws AwsException InvalidParameterException "The referenced task was not found."; ClusterNotFoundException
     */
    public EcsTask stop(String clusterRef, String taskRef, String reason) {
        String cluster = clusters.existing(clusterRef);
        String key = cluster + "/" + idOf(taskRef);
        String why = reason == null || reason.isEmpty() ? "Task stopped by user" : reason;
        if (why.length() > 255) {
            throw invalid("reason: " + why.length() + " characters (expected: at most 255)");
        }
        long now = clock.millis();
        return writer.write(draft -> {
            EcsTask t = draft.tasks().get(key);
            if (t == null) {
                throw invalid("The referenced task was not found.");
            }
            if (t.desiredStatus().equals(EcsTask.STOPPED)) {
                return t;
            }
            EcsTask stopping = new EcsTask(t.cluster(), t.id(), t.taskDefinition(), t.group(), t.startedBy(),
                    t.serviceName(), t.deploymentId(), t.launchType(), EcsTask.STOPPED, t.lastStatus(),
                    t.healthStatus(), t.containers(), t.containerOverrides(), t.networkConfiguration(),
                    t.privateIpv4Address(), t.driver(), t.driverHandle(), "UserInitiated", why, t.tags(),
                    t.createdAt(), t.startedAt(), now, t.stoppedAt(), t.version() + 1, t.node(), t.placement());
            draft.tasks().put(key, stopping);
            return stopping;
        });
    }

    /**
     * The tasks of {@code clusterRef} that {@code references} (ids or ARNs) name, in order; null in place of one
     * that does not exist.
     *
     * @throws AwsException ClusterNotFoundException
     */
    public List<EcsTask> find(String clusterRef, List<String> references) {
        return ResourceRefs.inCluster(writer.state().tasks(), clusters.existing(clusterRef), references, "tasks",
                "task ids or ARNs");
    }

    /**
     * The tasks of {@code clusterRef} in creation order with {@code desiredStatus} (RUNNING when null), filtered by
     * the other arguments when they are not null.
     *
     * @throws AwsException ClusterNotFoundException; ServiceNotFoundException for a service that does not exist
     */
    public List<EcsTask> list(String clusterRef, String serviceName, String family, String startedBy,
                              String desiredStatus, String launchType) {
        String cluster = clusters.existing(clusterRef);
        String wanted = desiredStatus == null ? EcsTask.RUNNING : desiredStatus;
        if (!DESIRED_STATUSES.contains(wanted)) {
            throw invalid("desiredStatus: " + wanted + " (expected: one of " + DESIRED_STATUSES.stream().sorted()
                    .toList() + ")");
        }
        EcsState state = writer.state();
        String service = serviceName == null ? null : ServiceCommands.nameOf(serviceName);
        if (service != null && !state.services().containsKey(cluster + "/" + service)) {
            throw new AwsException(AwsError.ECS_SERVICE_NOT_FOUND, "Service not found.");
        }
        return state.tasks().values().stream()
                .filter(t -> t.cluster().equals(cluster) && t.desiredStatus().equals(wanted))
                .filter(t -> service == null || service.equals(t.serviceName()))
                .filter(t -> family == null || t.taskDefinition().startsWith(family + ":"))
                .filter(t -> startedBy == null || startedBy.equals(t.startedBy()))
                .filter(t -> launchType == null || launchType.equals(t.launchType()))
                .toList();
    }

    /** The committed state the tasks were read from, for their task definitions. */
    public EcsState state() {
        return writer.state();
    }

    private static void checkOverrides(EcsTaskDefinition definition, List<EcsContainerOverride> overrides) {
        for (EcsContainerOverride o : overrides) {
            if (o.name() == null || definition.container(o.name()) == null) {
                throw invalid("overrides.containerOverrides.name: " + o.name() + " (expected: one of "
                        + definition.containerDefinitions().stream().map(EcsContainerDefinition::name).toList() + ")");
            }
        }
    }

    /** The task id in {@code arn:aws:ecs:…:task/<cluster>/<id>} (or the old {@code task/<id>}), or the id itself. */
    static String idOf(String reference) {
        return ResourceRefs.lastPart(reference, "task", "a task id or ARN");
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, message);
    }
}
