package dev.ballast.control.ecs;

import java.util.List;

/**
 * What UpdateService asks for, as the API read it; a null field leaves the setting as it is.
 *
 * <p>Thread-safe (immutable).
 *
 * @param service       a service name or ARN
 * @param loadBalancers the new load balancers (empty removes them all), or null to keep them
 * @param serviceRegistries the new service registries (empty removes them), or null to keep them
 * @param placementConstraints the new placement constraints (empty removes them), or null to keep them
 * @param placementStrategy the new placement strategies (empty removes them), or null to keep them
 */
public record UpdateServiceRequest(String cluster, String service, Integer desiredCount, String taskDefinition,
                                   boolean forceNewDeployment, DeploymentConfigurationInput deploymentConfiguration,
                                   Integer healthCheckGracePeriodSeconds, List<EcsLoadBalancer> loadBalancers,
                                   EcsNetworkConfiguration networkConfiguration,
                                   List<EcsServiceRegistry> serviceRegistries,
                                   List<EcsPlacementConstraint> placementConstraints,
                                   List<EcsPlacementStrategy> placementStrategy) {
    /** Copies the load balancers, registries and placement lists. */
    public UpdateServiceRequest {
        loadBalancers = loadBalancers == null ? null : List.copyOf(loadBalancers);
        serviceRegistries = serviceRegistries == null ? null : List.copyOf(serviceRegistries);
        placementConstraints = placementConstraints == null ? null : List.copyOf(placementConstraints);
        placementStrategy = placementStrategy == null ? null : List.copyOf(placementStrategy);
    }

    /** A request that keeps the placement as it is. */
    public UpdateServiceRequest(String cluster, String service, Integer desiredCount, String taskDefinition,
                                boolean forceNewDeployment, DeploymentConfigurationInput deploymentConfiguration,
                                Integer healthCheckGracePeriodSeconds, List<EcsLoadBalancer> loadBalancers,
                                EcsNetworkConfiguration networkConfiguration,
                                List<EcsServiceRegistry> serviceRegistries) {
        this(cluster, service, desiredCount, taskDefinition, forceNewDeployment, deploymentConfiguration,
                healthCheckGracePeriodSeconds, loadBalancers, networkConfiguration, serviceRegistries, null, null);
    }
}
