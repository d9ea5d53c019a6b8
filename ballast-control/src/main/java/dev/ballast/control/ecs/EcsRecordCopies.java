package dev.ballast.control.ecs;

import java.util.List;

/**
 * Copies of stored service and task records with one part changed, for the commands of this package (kept apart
 * from the records so that the scheduler's own copies do not collide with these).
 *
 * <p>Thread-safe (stateless).
 */
final class EcsRecordCopies {
    private EcsRecordCopies() {}

    /** {@code s} with {@code tags}. */
    static EcsServiceEntry withTags(EcsServiceEntry s, List<EcsTag> tags) {
        return new EcsServiceEntry(s.cluster(), s.name(), s.taskDefinition(), s.desiredCount(), s.launchType(),
                s.loadBalancers(), s.networkConfiguration(), s.healthCheckGracePeriodSeconds(),
                s.deploymentConfiguration(), s.schedulingStrategy(), s.status(), s.deployments(), s.events(), tags,
                s.createdAt(), s.deletedAt(), s.serviceRegistries(), s.placement());
    }

    /** {@code t} with {@code tags}; the task's version does not change, as tags are not part of it. */
    static EcsTask withTags(EcsTask t, List<EcsTag> tags) {
        return new EcsTask(t.cluster(), t.id(), t.taskDefinition(), t.group(), t.startedBy(), t.serviceName(),
                t.deploymentId(), t.launchType(), t.desiredStatus(), t.lastStatus(), t.healthStatus(), t.containers(),
                t.containerOverrides(), t.networkConfiguration(), t.privateIpv4Address(), t.driver(),
                t.driverHandle(), t.stopCode(), t.stoppedReason(), tags, t.createdAt(), t.startedAt(), t.stoppingAt(),
                t.stoppedAt(), t.version(), t.node(), t.placement());
    }
}
