package dev.ballast.control.ecs;

import dev.ballast.control.cluster.ClusterMember;
import java.util.List;

/**
 * An ECS task as stored: what was asked for (task definition, overrides, desired status) and what the task runner
 * knows (last status, containers, network, the driver's handle, why it stopped). The API writes the desired part;
 * the runner writes the rest.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id              32 lowercase hex digits, the last part of the ARN
 * @param taskDefinition  {@code family:revision}
 * @param group           {@code service:<name>} for service tasks, {@code family:<family>} by default for RunTask
 * @param startedBy       the deployment id for service tasks, else what RunTask was given (or null)
 * @param serviceName     the service that owns the task, or null
 * @param deploymentId    the service deployment that started the task, or null
 * @param desiredStatus   {@code RUNNING} or {@code STOPPED}
 * @param lastStatus      PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED
 * @param healthStatus    HEALTHY, UNHEALTHY or UNKNOWN
 * @param containerOverrides per-container command and environment overrides of RunTask
 * @param networkConfiguration the awsvpc configuration, or null
 * @param privateIpv4Address the task's own address (awsvpc) once it has one, else null
 * @param driver          the driver that runs the task ({@code process}, {@code docker})
 * @param driverHandle    what the driver returned to find the task again, or null before it started
 * @param stopCode        TaskFailedToStart, EssentialContainerExited, UserInitiated, ServiceSchedulerInitiated, or null
 * @param createdAt       epoch milliseconds; the other times likewise, null until they happen
 * @param version         bumped on every change, as ECS's task version
 * @param node            the cluster node the task is placed on (its runner starts and stops it), or null on one
 *                        node alone and before a cluster's scheduler placed it
 * @param placement       the placement constraints and strategies RunTask gave (a service's tasks follow their
 *                        service's); {@link EcsPlacement#NONE} when none
 */
public record EcsTask(String cluster, String id, String taskDefinition, String group, String startedBy,
                      String serviceName, String deploymentId, String launchType, String desiredStatus,
                      String lastStatus, String healthStatus, List<EcsContainer> containers,
                      List<EcsContainerOverride> containerOverrides, EcsNetworkConfiguration networkConfiguration,
                      String privateIpv4Address, String driver, String driverHandle, String stopCode,
                      String stoppedReason, List<EcsTag> tags, long createdAt, Long startedAt, Long stoppingAt,
                      Long stoppedAt, long version, ClusterMember node, EcsPlacement placement) {
    /** The prefix of every task ARN; {@code <cluster>/<id>} follows. */
    public static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:task/";
    /** The desired and last status of a task that runs. */
    public static final String RUNNING = "RUNNING";
    /** The desired and last status of a task that has stopped. */
    public static final String STOPPED = "STOPPED";

    /** Copies the lists; absent lists are empty. */
    public EcsTask {
        containers = containers == null ? List.of() : List.copyOf(containers);
        containerOverrides = containerOverrides == null ? List.of() : List.copyOf(containerOverrides);
        tags = tags == null ? List.of() : List.copyOf(tags);
        placement = EcsPlacement.orNone(placement);
    }

    /** A task without placement constraints or strategies of its own. */
    public EcsTask(String cluster, String id, String taskDefinition, String group, String startedBy,
                   String serviceName, String deploymentId, String launchType, String desiredStatus,
                   String lastStatus, String healthStatus, List<EcsContainer> containers,
                   List<EcsContainerOverride> containerOverrides, EcsNetworkConfiguration networkConfiguration,
                   String privateIpv4Address, String driver, String driverHandle, String stopCode,
                   String stoppedReason, List<EcsTag> tags, long createdAt, Long startedAt, Long stoppingAt,
                   Long stoppedAt, long version, ClusterMember node) {
        this(cluster, id, taskDefinition, group, startedBy, serviceName, deploymentId, launchType, desiredStatus,
                lastStatus, healthStatus, containers, containerOverrides, networkConfiguration, privateIpv4Address,
                driver, driverHandle, stopCode, stoppedReason, tags, createdAt, startedAt, stoppingAt, stoppedAt,
                version, node, EcsPlacement.NONE);
    }

    /** A task placed on no node (one node alone, or a cluster's task before it is placed). */
    public EcsTask(String cluster, String id, String taskDefinition, String group, String startedBy,
                   String serviceName, String deploymentId, String launchType, String desiredStatus,
                   String lastStatus, String healthStatus, List<EcsContainer> containers,
                   List<EcsContainerOverride> containerOverrides, EcsNetworkConfiguration networkConfiguration,
                   String privateIpv4Address, String driver, String driverHandle, String stopCode,
                   String stoppedReason, List<EcsTag> tags, long createdAt, Long startedAt, Long stoppingAt,
                   Long stoppedAt, long version) {
        this(cluster, id, taskDefinition, group, startedBy, serviceName, deploymentId, launchType, desiredStatus,
                lastStatus, healthStatus, containers, containerOverrides, networkConfiguration, privateIpv4Address,
                driver, driverHandle, stopCode, stoppedReason, tags, createdAt, startedAt, stoppingAt, stoppedAt,
                version, null);
    }

    /** {@code <cluster>/<id>}, the key of this task in the store and in {@link EcsState#tasks()}. */
    public String key() {
        return cluster + "/" + id;
    }

    /** {@code arn:aws:ecs:us-east-1:000000000000:task/<cluster>/<id>}. */
    public String arn() {
        return ARN_PREFIX + key();
    }
}
