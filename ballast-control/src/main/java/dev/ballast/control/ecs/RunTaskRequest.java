package dev.ballast.control.ecs;

import java.util.List;

/**
 * What RunTask asks for, as the API read it; null fields were left out and take ECS's defaults.
 *
 * <p>Thread-safe (immutable).
 *
 * @param cluster            a cluster name or ARN; null means {@code default}
 * @param taskDefinition     a family, {@code family:revision} or ARN
 * @param count              how many tasks, 1-10 (default 1)
 * @param containerOverrides per-container command and environment overrides
 * @param group              the task group (default {@code family:<family>})
 * @param placement          the placement constraints and strategies ({@link EcsPlacement#NONE} when none)
 */
public record RunTaskRequest(String cluster, String taskDefinition, Integer count, String launchType,
                             EcsNetworkConfiguration networkConfiguration,
                             List<EcsContainerOverride> containerOverrides, String group, String startedBy,
                             List<EcsTag> tags, EcsPlacement placement) {
    /** Copies the lists; absent lists are empty. */
    public RunTaskRequest {
        containerOverrides = containerOverrides == null ? List.of() : List.copyOf(containerOverrides);
        tags = tags == null ? List.of() : List.copyOf(tags);
        placement = EcsPlacement.orNone(placement);
    }

    /** A request without placement constraints or strategies. */
    public RunTaskRequest(String cluster, String taskDefinition, Integer count, String launchType,
                          EcsNetworkConfiguration networkConfiguration, List<EcsContainerOverride> containerOverrides,
                          String group, String startedBy, List<EcsTag> tags) {
        this(cluster, taskDefinition, count, launchType, networkConfiguration, containerOverrides, group, startedBy,
                tags, EcsPlacement.NONE);
    }
}
