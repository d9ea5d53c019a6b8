package dev.ballast.control.ecs.schedule;

import java.util.Set;

/**
 * ECS's task statuses and stop codes as the runner writes them, in lifecycle order: PROVISIONING → PENDING →
 * RUNNING → DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED (ACTIVATING is not used: targets are registered once
 * the task is RUNNING, as ECS does in practice).
 *
 * <p>Thread-safe (constants only).
 */
final class TaskLifecycle {
    static final String PROVISIONING = "PROVISIONING";
    static final String PENDING = "PENDING";
    static final String RUNNING = "RUNNING";
    static final String DEACTIVATING = "DEACTIVATING";
    static final String STOPPING = "STOPPING";
    static final String DEPROVISIONING = "DEPROVISIONING";
    static final String STOPPED = "STOPPED";

    static final String TASK_FAILED_TO_START = "TaskFailedToStart";
    static final String ESSENTIAL_CONTAINER_EXITED = "EssentialContainerExited";
    static final String SERVICE_SCHEDULER_INITIATED = "ServiceSchedulerInitiated";

    static final String HEALTHY = "HEALTHY";
    static final String UNHEALTHY = "UNHEALTHY";
    static final String UNKNOWN = "UNKNOWN";

    /** The statuses of a task that has not stopped yet but is on its way (its targets are leaving). */
    static final Set<String> STOPPING_STATUSES = Set.of(DEACTIVATING, STOPPING, DEPROVISIONING);

    private TaskLifecycle() {}
}
