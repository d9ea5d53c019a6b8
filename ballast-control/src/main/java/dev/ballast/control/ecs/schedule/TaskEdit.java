package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.ecs.EcsContainer;
import dev.ballast.control.ecs.EcsTask;
import java.util.List;

/**
 * A changed copy of an {@link EcsTask}: the scheduler and runner change the fields they own (statuses, containers,
 * network, handle, stop reason, times) and {@link #build()} bumps the task's version, as ECS does on every change.
 *
 * <p>Not thread-safe: one edit is made and built by one thread.
 */
final class TaskEdit {
    private final EcsTask from;
    private String desiredStatus;
    private String lastStatus;
    private String healthStatus;
    private List<EcsContainer> containers;
    private String privateIpv4Address;
    private String driverHandle;
    private String stopCode;
    private String stoppedReason;
    private Long startedAt;
    private Long stoppingAt;
    private Long stoppedAt;
    private ClusterMember node;

    private TaskEdit(EcsTask from) {
        this.from = from;
        this.desiredStatus = from.desiredStatus();
        this.lastStatus = from.lastStatus();
        this.healthStatus = from.healthStatus();
        this.containers = from.containers();
        this.privateIpv4Address = from.privateIpv4Address();
        this.driverHandle = from.driverHandle();
        this.stopCode = from.stopCode();
        this.stoppedReason = from.stoppedReason();
        this.startedAt = from.startedAt();
        this.stoppingAt = from.stoppingAt();
        this.stoppedAt = from.stoppedAt();
        this.node = from.node();
    }

    /** An edit of {@code task}. */
    static TaskEdit of(EcsTask task) {
        return new TaskEdit(task);
    }

    TaskEdit lastStatus(String status) {
        this.lastStatus = status;
        return this;
    }

    TaskEdit healthStatus(String status) {
        this.healthStatus = status;
        return this;
    }

    TaskEdit containers(List<EcsContainer> newContainers) {
        this.containers = newContainers;
        return this;
    }

    TaskEdit privateIpv4Address(String address) {
        this.privateIpv4Address = address;
        return this;
    }

    TaskEdit driverHandle(String handle) {
        this.driverHandle = handle;
        return this;
    }

    TaskEdit startedAt(long at) {
        this.startedAt = at;
        return this;
    }

    TaskEdit stoppingAt(long at) {
        this.stoppingAt = at;
        return this;
    }

    TaskEdit stoppedAt(long at) {
        this.stoppedAt = at;
        return this;
    }

    /** Places the task on {@code member}, whose runner starts it. */
    TaskEdit node(ClusterMember member) {
        this.node = member;
        return this;
    }

    /**
     * Asks the task to stop for {@code code} and {@code reason}, unless someone asked before: the first reason given
     * is the one DescribeTasks shows.
     */
    TaskEdit stopFor(String code, String reason) {
        if (!EcsTask.STOPPED.equals(desiredStatus) || stopCode == null) {
            this.stopCode = code;
            this.stoppedReason = reason;
        }
        this.desiredStatus = EcsTask.STOPPED;
        return this;
    }

    /**
     * Records that the task stopped for {@code code} and {@code reason} whatever was asked before: what really
     * ended it (its node left the cluster) replaces a stop that was still under way.
     */
    TaskEdit stoppedFor(String code, String reason) {
        this.stopCode = code;
        this.stoppedReason = reason;
        this.desiredStatus = EcsTask.STOPPED;
        return this;
    }

    /** The task with the changes and its version bumped. */
    EcsTask build() {
        return new EcsTask(from.cluster(), from.id(), from.taskDefinition(), from.group(), from.startedBy(),
                from.serviceName(), from.deploymentId(), from.launchType(), desiredStatus, lastStatus, healthStatus,
                containers, from.containerOverrides(), from.networkConfiguration(), privateIpv4Address, from.driver(),
                driverHandle, stopCode, stoppedReason, from.tags(), from.createdAt(), startedAt, stoppingAt, stoppedAt,
                from.version() + 1, node, from.placement());
    }
}
