package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.CreateServiceRequest;
import dev.ballast.control.ecs.DeploymentConfigurationInput;
import dev.ballast.control.ecs.EcsCluster;
import dev.ballast.control.ecs.EcsDeployment;
import dev.ballast.control.ecs.EcsDeploymentConfiguration;
import dev.ballast.control.ecs.EcsLoadBalancer;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsServiceEvent;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.TaskCounts;
import dev.ballast.control.ecs.EcsServiceRegistry;
import dev.ballast.control.ecs.UpdateServiceRequest;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CreateService and UpdateService requests and renders a service as ECS does: its deployments, events, load
 * balancers and network configuration, with running and pending counts derived from the tasks in the state.
 *
 * <p>Thread-safe (stateless).
 */
final class ServiceJson {
    /** The platform version a Fargate service asks for when it names none, and the one its deployments run. */
    private static final String PLATFORM_REQUESTED = "LATEST";
    private static final String PLATFORM_RESOLVED = "1.4.0";

    private ServiceJson() {}

    /** The CreateService request in {@code request}. */
    static CreateServiceRequest createRequest(ObjectNode request) {
        return new CreateServiceRequest(EcsJson.string(request, "cluster"), EcsJson.string(request, "serviceName"),
                EcsJson.string(request, "taskDefinition"), EcsJson.integer(request, "desiredCount"),
                EcsJson.string(request, "launchType"), loadBalancers(request),
                EcsJson.networkConfiguration(request), EcsJson.integer(request, "healthCheckGracePeriodSeconds"),
                deploymentConfiguration(request), EcsJson.string(request, "schedulingStrategy"),
                EcsJson.tags(request), serviceRegistries(request), PlacementJson.placement(request));
    }

    /** The UpdateService request in {@code request}. */
    static UpdateServiceRequest updateRequest(ObjectNode request) {
        Boolean force = EcsJson.bool(request, "forceNewDeployment");
        return new UpdateServiceRequest(EcsJson.string(request, "cluster"), EcsJson.string(request, "service"),
                EcsJson.integer(request, "desiredCount"), EcsJson.string(request, "taskDefinition"),
                force != null && force, deploymentConfiguration(request),
                EcsJson.integer(request, "healthCheckGracePeriodSeconds"),
                EcsJson.has(request, "loadBalancers") ? loadBalancers(request) : null,
                EcsJson.networkConfiguration(request),
                EcsJson.has(request, "serviceRegistries") ? serviceRegistries(request) : null,
                PlacementJson.constraintsOrNull(request), PlacementJson.strategiesOrNull(request));
    }

    private static List<EcsServiceRegistry> serviceRegistries(ObjectNode request) {
        List<EcsServiceRegistry> out = new ArrayList<>();
        for (ObjectNode registry : EcsJson.objects(request, "serviceRegistries")) {
            out.add(new EcsServiceRegistry(EcsJson.string(registry, "registryArn"), EcsJson.integer(registry, "port"),
                    EcsJson.string(registry, "containerName"), EcsJson.integer(registry, "containerPort")));
        }
        return out;
    }

    private static List<EcsLoadBalancer> loadBalancers(ObjectNode request) {
        List<EcsLoadBalancer> out = new ArrayList<>();
        for (ObjectNode lb : EcsJson.objects(request, "loadBalancers")) {
            Integer port = EcsJson.integer(lb, "containerPort");
            if (port == null) {
                throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "loadBalancers.containerPort: missing "
                        + "(expected: the container port that receives the traffic)");
            }
            out.add(new EcsLoadBalancer(EcsJson.string(lb, "targetGroupArn"), EcsJson.string(lb, "loadBalancerName"),
                    EcsJson.string(lb, "containerName"), port));
        }
        return out;
    }

    private static DeploymentConfigurationInput deploymentConfiguration(ObjectNode request) {
        ObjectNode c = EcsJson.object(request, "deploymentConfiguration");
        if (c == null) {
            return null;
        }
        ObjectNode breaker = EcsJson.object(c, "deploymentCircuitBreaker");
        return new DeploymentConfigurationInput(EcsJson.integer(c, "maximumPercent"),
                EcsJson.integer(c, "minimumHealthyPercent"),
                breaker == null ? null : EcsJson.bool(breaker, "enable"),
                breaker == null ? null : EcsJson.bool(breaker, "rollback"));
    }

    /** {@code service} as ECS renders it, counts from {@code state}'s tasks; tags only when {@code withTags}. */
    static ObjectNode render(EcsServiceEntry service, EcsState state, boolean withTags) {
        TaskCounts counts = TaskCounts.ofService(state, service);
        boolean fargate = service.launchType().equals("FARGATE");
        ObjectNode out = EcsJson.object()
                .put("serviceArn", service.arn())
                .put("serviceName", service.name())
                .put("clusterArn", EcsCluster.ARN_PREFIX + service.cluster());
        ArrayNode lbs = out.putArray("loadBalancers");
        for (EcsLoadBalancer lb : service.loadBalancers()) {
            ObjectNode item = lbs.addObject();
            if (lb.targetGroupArn() != null) {
                item.put("targetGroupArn", lb.targetGroupArn());
            } else {
                item.put("loadBalancerName", lb.loadBalancerName());
            }
            item.put("containerName", lb.containerName()).put("containerPort", lb.containerPort());
        }
        ArrayNode registries = out.putArray("serviceRegistries");
        for (EcsServiceRegistry registry : service.serviceRegistries()) {
            ObjectNode item = registries.addObject().put("registryArn", registry.registryArn());
            if (registry.port() != null) {
                item.put("port", registry.port());
            }
            if (registry.containerName() != null) {
                item.put("containerName", registry.containerName());
            }
            if (registry.containerPort() != null) {
                item.put("containerPort", registry.containerPort());
            }
        }
        out.put("status", service.status())
                .put("desiredCount", service.desiredCount())
                .put("runningCount", counts.running())
                .put("pendingCount", counts.pending())
                .put("launchType", service.launchType());
        if (fargate) {
            out.put("platformVersion", PLATFORM_REQUESTED).put("platformFamily", "Linux");
        }
        out.put("taskDefinition", EcsTaskDefinition.ARN_PREFIX + service.taskDefinition());
        out.set("deploymentConfiguration", deploymentConfiguration(service.deploymentConfiguration()));
        ArrayNode deployments = out.putArray("deployments");
        service.deployments().forEach(d -> deployments.add(deployment(service, d, state, fargate)));
        ArrayNode events = out.putArray("events");
        for (EcsServiceEvent e : service.events()) {
            events.addObject().put("id", e.id()).put("createdAt", EcsJson.seconds(e.createdAt()))
                    .put("message", e.message());
        }
        out.put("createdAt", EcsJson.seconds(service.createdAt()));
        PlacementJson.render(out, service.placement());
        EcsJson.putNetworkConfiguration(out, service.networkConfiguration());
        out.put("healthCheckGracePeriodSeconds", service.healthCheckGracePeriodSeconds())
                .put("schedulingStrategy", service.schedulingStrategy());
        out.putObject("deploymentController").put("type", "ECS");
        if (withTags) {
            out.set("tags", EcsJson.tagArray(service.tags()));
        }
        out.put("createdBy", "arn:aws:iam::000000000000:root")
                .put("enableECSManagedTags", false)
                .put("propagateTags", "NONE")
                .put("enableExecuteCommand", false);
        return out;
    }

    private static ObjectNode deploymentConfiguration(EcsDeploymentConfiguration c) {
        ObjectNode out = EcsJson.object();
        out.putObject("deploymentCircuitBreaker").put("enable", c.circuitBreakerEnable())
                .put("rollback", c.circuitBreakerRollback());
        return out.put("maximumPercent", c.maximumPercent()).put("minimumHealthyPercent", c.minimumHealthyPercent());
    }

    private static ObjectNode deployment(EcsServiceEntry service, EcsDeployment d, EcsState state,
                                         boolean fargate) {
        TaskCounts counts = TaskCounts.ofDeployment(state, service, d.id());
        ObjectNode out = EcsJson.object()
                .put("id", d.id())
                .put("status", d.status())
                .put("taskDefinition", EcsTaskDefinition.ARN_PREFIX + d.taskDefinition())
                .put("desiredCount", d.desiredCount())
                .put("pendingCount", counts.pending())
                .put("runningCount", counts.running())
                .put("failedTasks", d.failedTasks())
                .put("createdAt", EcsJson.seconds(d.createdAt()))
                .put("updatedAt", EcsJson.seconds(d.updatedAt()))
                .put("launchType", service.launchType());
        if (fargate) {
            out.put("platformVersion", PLATFORM_RESOLVED).put("platformFamily", "Linux");
        }
        EcsJson.putNetworkConfiguration(out, service.networkConfiguration());
        out.put("rolloutState", d.rolloutState());
        if (d.rolloutStateReason() != null) {
            out.put("rolloutStateReason", d.rolloutStateReason());
        }
        return out;
    }
}
