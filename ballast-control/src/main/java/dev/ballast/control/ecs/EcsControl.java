package dev.ballast.control.ecs;

import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The ECS control plane: the single {@link EcsWriter} and the commands the ECS API calls on it (clusters, task
 * definitions, services, tasks, tags). The scheduler and the task runner use the same writer for the observed state.
 *
 * <p>Thread-safe: the commands serialise their writes through the writer.
 */
public record EcsControl(EcsWriter writer, ClusterCommands clusters, TaskDefinitionCommands taskDefinitions,
                         ServiceCommands services, TaskCommands tasks, ResourceTagCommands tags) {
    /**
     * The commands on {@code writer}; target groups are checked with {@code targetGroups}, identifiers drawn from
     * {@code random}, and RunTask's tasks run by the driver named {@code defaultDriver}.
     */
    public static EcsControl of(EcsWriter writer, TargetGroupLookup targetGroups, Clock clock, RandomGenerator random,
                                String defaultDriver) {
        return of(writer, targetGroups, ServiceRegistryLookup.NONE, clock, random, defaultDriver);
    }

    /**
     * The commands on {@code writer}; target groups are checked with {@code targetGroups}, Cloud Map services with
     * {@code registries}, identifiers drawn from {@code random}, and RunTask's tasks run by the driver named
     * {@code defaultDriver}.
     */
    public static EcsControl of(EcsWriter writer, TargetGroupLookup targetGroups, ServiceRegistryLookup registries,
                                Clock clock, RandomGenerator random, String defaultDriver) {
        EcsIds ids = new EcsIds(random);
        ClusterCommands clusters = new ClusterCommands(writer, clock);
        return new EcsControl(writer, clusters, new TaskDefinitionCommands(writer, clock),
                new ServiceCommands(writer, clusters, targetGroups, registries, ids, clock),
                new TaskCommands(writer, clusters, ids, clock, defaultDriver), new ResourceTagCommands(writer));
    }
}
