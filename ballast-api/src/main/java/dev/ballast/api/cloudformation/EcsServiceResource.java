package dev.ballast.api.cloudformation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.ecs.EcsRequests;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.ecs.EcsControl;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.TaskCounts;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AWS::ECS::Service} on CreateService/UpdateService/DeleteService's commands (its properties are those
 * requests with capitalised names): Ref is the service ARN. As CloudFormation does, a create or update completes when
 * the service runs its desired count, and a delete when its tasks have stopped (so the cluster can go next). The
 * cluster, name, launch type, role and scheduling strategy replace it; count, task definition, deployment
 * configuration, load balancers, network configuration and grace period change in place.
 *
 * <p>Thread-safe (the commands are); the waits block the stack runner's thread only.
 */
final class EcsServiceResource implements ResourceProvisioner {
    private static final Set<String> PROPERTIES = Set.of("Cluster", "ServiceName", "TaskDefinition", "DesiredCount",
            "LoadBalancers", "DeploymentConfiguration", "Role", "LaunchType", "NetworkConfiguration",
            "ServiceRegistries", "HealthCheckGracePeriodSeconds", "SchedulingStrategy", "PlatformVersion", "Tags",
            "PropagateTags", "EnableECSManagedTags", "PlacementConstraints", "PlacementStrategies",
            "CapacityProviderStrategy", "DeploymentController", "EnableExecuteCommand", "ServiceConnectConfiguration");
    private static final Set<String> IN_PLACE = Set.of("DesiredCount", "TaskDefinition", "DeploymentConfiguration",
            "LoadBalancers", "NetworkConfiguration", "HealthCheckGracePeriodSeconds", "ServiceRegistries");

    private final EcsControl ecs;
    private final Duration stabilizeTimeout;

    EcsServiceResource(EcsControl ecs, Duration stabilizeTimeout) {
        this.ecs = ecs;
        this.stabilizeTimeout = stabilizeTimeout;
    }

    @Override
    public Set<String> properties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("TaskDefinition");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("Cluster", "ServiceName", "LaunchType", "Role", "SchedulingStrategy");
    }

    @Override
    public String nameProperty() {
        return "ServiceName";
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ObjectNode json = new ResourceProperties(request.properties()).camelJson(Set.of());
        if (!json.hasNonNull("serviceName")) {
            json.put("serviceName", request.generatedName(255, "[^A-Za-z0-9_-]"));
        }
        if (json.has("placementStrategies")) {
            json.set("placementStrategy", json.remove("placementStrategies")); // CloudFormation's plural name
        }
        EcsServiceEntry service = ecs.services().create(EcsRequests.createService(json));
        awaitSteady(service);
        return provisioned(service);
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        Map<String, Object> changed = new LinkedHashMap<>();
        for (String name : IN_PLACE) {
            Object now = request.properties().get(name);
            if (!Objects.equals(now, current.properties().get(name)) && now != null) {
                changed.put(name, now);
            }
        }
        ObjectNode json = new ResourceProperties(changed).camelJson(Set.of());
        json.put("service", current.physicalId());
        json.put("cluster", cluster(current));
        EcsServiceEntry service = ecs.services().update(EcsRequests.updateService(json));
        awaitSteady(service);
        return provisioned(service);
    }

    @Override
    public void delete(StackResourceEntry current) {
        String cluster = cluster(current);
        List<EcsServiceEntry> found = ecs.services().find(cluster, List.of(current.physicalId()));
        EcsServiceEntry service = found.isEmpty() ? null : found.get(0);
        if (service == null || service.status().equals(EcsServiceEntry.INACTIVE)) {
            return;
        }
        if (service.status().equals(EcsServiceEntry.ACTIVE)) {
            ecs.services().delete(cluster, current.physicalId(), true);
        }
        await(() -> {
            EcsServiceEntry s = ecs.services().find(cluster, List.of(current.physicalId())).get(0);
            return s == null || s.status().equals(EcsServiceEntry.INACTIVE);
        }, "service " + current.physicalId() + " to drain its tasks");
    }

    private static String cluster(StackResourceEntry current) {
        String arn = current.physicalId();
        // arn:aws:ecs:region:account:service/<cluster>/<name>
        String[] parts = arn.substring(arn.indexOf(":service/") + ":service/".length()).split("/");
        return parts.length == 2 ? parts[0] : String.valueOf(current.properties().getOrDefault("Cluster", "default"));
    }

    private void awaitSteady(EcsServiceEntry created) {
        await(() -> {
            EcsServiceEntry s = ecs.services().state().services().get(created.key());
            return s != null && s.deployments().size() == 1
                    && TaskCounts.ofService(ecs.services().state(), s).running() == s.desiredCount();
        }, "service " + created.name() + " to run its " + created.desiredCount() + " tasks");
    }

    /** Polls {@code done} until it holds, as CloudFormation waits for a service to stabilise. */
    private void await(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + stabilizeTimeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AwsException(AwsError.VALIDATION_ERROR, "Timed out after " + stabilizeTimeout.toSeconds()
                        + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwsException(AwsError.INTERNAL_FAILURE, "Interrupted while waiting for " + what);
            }
        }
    }

    private static Provisioned provisioned(EcsServiceEntry service) {
        return new Provisioned(service.arn(), Map.of("ServiceArn", service.arn(), "Name", service.name()));
    }
}
