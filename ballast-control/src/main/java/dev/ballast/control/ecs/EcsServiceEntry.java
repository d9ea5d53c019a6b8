package dev.ballast.control.ecs;

import java.util.List;

/**
 * An ECS service as stored: what the user asked for (task definition, desired count, load balancers, network and
 * deployment settings) and what the scheduler keeps with it (status, deployments, events). Running and pending counts
 * are derived from the tasks, never stored.
 *
 * <p>Thread-safe (immutable).
 *
 * @param taskDefinition the PRIMARY deployment's task definition as {@code family:revision}
 * @param status         {@code ACTIVE}, {@code DRAINING} (deleted, tasks still stopping) or {@code INACTIVE}
 * @param deployments    newest first: the PRIMARY one, then ACTIVE ones still being replaced
 * @param events         newest first, at most {@link #MAX_EVENTS}
 * @param createdAt      epoch milliseconds
 * @param deletedAt      epoch milliseconds when it became INACTIVE, else null (INACTIVE services are kept an hour)
 * @param serviceRegistries the Cloud Map service its tasks are registered in (at most one)
 * @param placement      where its tasks may run and how the scheduler chooses among the nodes (cluster mode)
 */
public record EcsServiceEntry(String cluster, String name, String taskDefinition, int desiredCount, String launchType,
                              List<EcsLoadBalancer> loadBalancers, EcsNetworkConfiguration networkConfiguration,
                              int healthCheckGracePeriodSeconds, EcsDeploymentConfiguration deploymentConfiguration,
                              String schedulingStrategy, String status, List<EcsDeployment> deployments,
                              List<EcsServiceEvent> events, List<EcsTag> tags, long createdAt, Long deletedAt,
                              List<EcsServiceRegistry> serviceRegistries, EcsPlacement placement) {
    /** The status of a service that runs. */
    public static final String ACTIVE = "ACTIVE";
    /** The status of a deleted service whose tasks are still stopping. */
    public static final String DRAINING = "DRAINING";
    /** The status of a deleted service with no task left. */
    public static final String INACTIVE = "INACTIVE";
    /** How many events a service keeps, as ECS does. */
    public static final int MAX_EVENTS = 100;
    /** The prefix of every service ARN; {@code <cluster>/<name>} follows. */
    public static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:service/";

    /** Copies the lists; absent lists are empty. */
    public EcsServiceEntry {
        loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
        events = events == null ? List.of() : List.copyOf(events);
        tags = tags == null ? List.of() : List.copyOf(tags);
        serviceRegistries = serviceRegistries == null ? List.of() : List.copyOf(serviceRegistries);
        placement = EcsPlacement.orNone(placement);
    }

    /** A service without placement constraints or strategies. */
    public EcsServiceEntry(String cluster, String name, String taskDefinition, int desiredCount, String launchType,
                           List<EcsLoadBalancer> loadBalancers, EcsNetworkConfiguration networkConfiguration,
                           int healthCheckGracePeriodSeconds, EcsDeploymentConfiguration deploymentConfiguration,
                           String schedulingStrategy, String status, List<EcsDeployment> deployments,
                           List<EcsServiceEvent> events, List<EcsTag> tags, long createdAt, Long deletedAt,
                           List<EcsServiceRegistry> serviceRegistries) {
        this(cluster, name, taskDefinition, desiredCount, launchType, loadBalancers, networkConfiguration,
                healthCheckGracePeriodSeconds, deploymentConfiguration, schedulingStrategy, status, deployments,
                events, tags, createdAt, deletedAt, serviceRegistries, EcsPlacement.NONE);
    }

    /** A service without service registries. */
    public EcsServiceEntry(String cluster, String name, String taskDefinition, int desiredCount, String launchType,
                           List<EcsLoadBalancer> loadBalancers, EcsNetworkConfiguration networkConfiguration,
                           int healthCheckGracePeriodSeconds, EcsDeploymentConfiguration deploymentConfiguration,
                           String schedulingStrategy, String status, List<EcsDeployment> deployments,
                           List<EcsServiceEvent> events, List<EcsTag> tags, long createdAt, Long deletedAt) {
        this(cluster, name, taskDefinition, desiredCount, launchType, loadBalancers, networkConfiguration,
                healthCheckGracePeriodSeconds, deploymentConfiguration, schedulingStrategy, status, deployments,
                events, tags, createdAt, deletedAt, List.of());
    }

    /** {@code <cluster>/<name>}, the key of this service in the store and in {@link EcsState#services()}. */
    public String key() {
        return cluster + "/" + name;
    }

    /** {@code arn:aws:ecs:us-east-1:000000000000:service/<cluster>/<name>}. */
    public String arn() {
        return ARN_PREFIX + key();
    }
}
