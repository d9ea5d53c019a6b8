package dev.ballast.control.ecs;

/**
 * One deployment of a service: the task definition and desired count the scheduler drives toward.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id                 {@code ecs-svc/<19 digits>}
 * @param status             {@code PRIMARY} (the newest), {@code ACTIVE} (older, being replaced) or {@code INACTIVE}
 * @param taskDefinition     {@code family:revision}
 * @param failedTasks        tasks of this deployment that failed to start or stopped unexpectedly, in a row
 * @param rolloutState       {@code IN_PROGRESS}, {@code COMPLETED} or {@code FAILED}
 * @param rolloutStateReason e.g. {@code "ECS deployment ecs-svc/… completed."}
 * @param createdAt          epoch milliseconds
 * @param updatedAt          epoch milliseconds
 */
public record EcsDeployment(String id, String status, String taskDefinition, int desiredCount, int failedTasks,
                            String rolloutState, String rolloutStateReason, long createdAt, long updatedAt) {
    /** The status of the newest deployment. */
    public static final String PRIMARY = "PRIMARY";
    /** The status of an older deployment whose tasks are being replaced. */
    public static final String ACTIVE = "ACTIVE";
}
