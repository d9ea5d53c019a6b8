package dev.ballast.control.ecs.run.docker;

import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.TaskLaunch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels every container of a task gets, as the ECS agent sets them ({@code com.amazonaws.ecs.*}) plus
 * Ballast's own ({@code ballast.*}), so a task's containers can be found on the engine by label ({@code docker ps
 * --filter label=ballast.task-id}). The container definition's {@code dockerLabels} come first; the ECS and Ballast
 * labels win over them.
 *
 * <p>Thread-safe (stateless).
 */
public final class EcsDockerLabels {
    /** The cluster the task runs in. */
    public static final String CLUSTER = "com.amazonaws.ecs.cluster";
    /** The task's ARN. */
    public static final String TASK_ARN = "com.amazonaws.ecs.task-arn";
    /** The container's name in its task definition. */
    public static final String CONTAINER_NAME = "com.amazonaws.ecs.container-name";
    /** The task definition's family. */
    public static final String TASK_DEFINITION_FAMILY = "com.amazonaws.ecs.task-definition-family";
    /** The task definition's revision. */
    public static final String TASK_DEFINITION_VERSION = "com.amazonaws.ecs.task-definition-version";
    /** The task's id; present on every container Ballast's docker driver starts. */
    public static final String BALLAST_TASK_ID = "ballast.task-id";
    /** The driver that started the container ({@code docker}). */
    public static final String BALLAST_DRIVER = "ballast.driver";
    /** Whether the container is essential to its task ({@code true}/{@code false}). */
    public static final String BALLAST_ESSENTIAL = "ballast.essential";

    private EcsDockerLabels() {}

    /** The labels of container {@code container} of task {@code task}. */
    public static Map<String, String> of(TaskLaunch task, ContainerLaunch container) {
        Map<String, String> labels = new LinkedHashMap<>(container.labels());
        labels.put(CLUSTER, task.cluster());
        labels.put(TASK_ARN, task.taskArn());
        labels.put(CONTAINER_NAME, container.name());
        labels.put(TASK_DEFINITION_FAMILY, task.family());
        labels.put(TASK_DEFINITION_VERSION, Integer.toString(task.revision()));
        labels.put(BALLAST_TASK_ID, task.taskId());
        labels.put(BALLAST_DRIVER, "docker");
        labels.put(BALLAST_ESSENTIAL, Boolean.toString(container.essential()));
        return labels;
    }
}
