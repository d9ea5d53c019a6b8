package dev.ballast.control.ecs;

import java.util.List;

/**
 * What CreateService asks for, as the API read it; null fields were left out and take ECS's defaults.
 *
 * <p>Thread-safe (immutable).
 *
 * @param cluster          a cluster name or ARN; null means {@code default}
 * @param taskDefinition   a family, {@code family:revision} or ARN
 * @param launchType       {@code EC2} (the default), {@code FARGATE} or {@code EXTERNAL}
 * @param schedulingStrategy {@code REPLICA} (the default); {@code DAEMON} is refused
 * @param placement        the placement constraints and strategies ({@link EcsPlacement#NONE} when none)
 */
public record CreateServiceRequest(String cluster, String serviceName, String taskDefinition, Integer desiredCount,
                                   String launchType, List<EcsLoadBalancer> loadBalancers,
                                   EcsNetworkConfiguration networkConfiguration,
                                   Integer healthCheckGracePeriodSeconds,
                                   DeploymentConfigurationInput deploymentConfiguration, String schedulingStrategy,
                                   List<EcsTag> tags, List<EcsServiceRegistry> serviceRegistries,
                                   EcsPlacement placement) {
    /** Copies the lists; absent lists are empty. */
    public CreateServiceRequest {
        loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
        tags = tags == null ? List.of() : List.copyOf(tags);
        serviceRegistries = serviceRegistries == null ? List.of() : List.copyOf(serviceRegistries);
        placement = EcsPlacement.orNone(placement);
    }

    /** A request without placement constraints or strategies. */
    public CreateServiceRequest(String cluster, String serviceName, String taskDefinition, Integer desiredCount,
                                String launchType, List<EcsLoadBalancer> loadBalancers,
                                EcsNetworkConfiguration networkConfiguration, Integer healthCheckGracePeriodSeconds,
                                DeploymentConfigurationInput deploymentConfiguration, String schedulingStrategy,
                                List<EcsTag> tags, List<EcsServiceRegistry> serviceRegistries) {
        this(cluster, serviceName, taskDefinition, desiredCount, launchType, loadBalancers, networkConfiguration,
                healthCheckGracePeriodSeconds, deploymentConfiguration, schedulingStrategy, tags, serviceRegistries,
                EcsPlacement.NONE);
    }
}
