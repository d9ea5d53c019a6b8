package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cloudmap.DiscoveryInstance;
import dev.ballast.control.cloudmap.InstanceCommands;
import dev.ballast.control.ecs.EcsContainer;
import dev.ballast.control.ecs.EcsNetworkBinding;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsServiceRegistry;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.error.AwsException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a service's tasks in the Cloud Map service of its {@code serviceRegistries}, as ECS does, through the Cloud
 * Map commands: a RUNNING task is registered as instance {@code <task id>} with its address and port and ECS's
 * attributes ({@code AWS_INSTANCE_IPV4}, {@code AWS_INSTANCE_PORT}, {@code AVAILABILITY_ZONE}, {@code REGION},
 * {@code ECS_CLUSTER_NAME}, {@code ECS_SERVICE_NAME}, {@code ECS_TASK_DEFINITION_FAMILY}); its container health is
 * reported as custom health (UNHEALTHY while a container is, else HEALTHY) when the Cloud Map service takes it; a
 * task on its way out is deregistered at once ({@link #leave}, before the task is sent its stop signal; Cloud Map
 * has no deregistration delay). Instances carrying a service's ECS attributes whose task no longer serves are
 * deregistered, so a restart between two steps loses nothing.
 *
 * <p>Not thread-safe: called on the scheduler's thread only.
 */
final class DiscoveryRegistrar {
    static final String CLUSTER_ATTRIBUTE = "ECS_CLUSTER_NAME";
    static final String SERVICE_ATTRIBUTE = "ECS_SERVICE_NAME";
    static final String FAMILY_ATTRIBUTE = "ECS_TASK_DEFINITION_FAMILY";
    private static final String AVAILABILITY_ZONE = "us-east-1a";
    private static final String REGION = "us-east-1";
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryRegistrar.class);

    private final InstanceCommands cloudMap;

    /** A registrar acting through {@code cloudMap}'s commands. */
    DiscoveryRegistrar(InstanceCommands cloudMap) {
        this.cloudMap = cloudMap;
    }

    /** Registers the serving tasks of every service with registries, reports their health, removes the others. */
    void reconcile(EcsState state) {
        Map<String, DiscoveryInstance> existing = new HashMap<>();
        cloudMap.all().forEach(i -> existing.put(i.key(), i));
        Set<String> wanted = new HashSet<>();
        for (EcsServiceEntry service : state.services().values()) {
            for (EcsServiceRegistry registry : service.serviceRegistries()) {
                String serviceId = serviceId(registry.registryArn());
                Boolean customHealth = cloudMap.customHealth(serviceId);
                if (customHealth == null) {
                    continue; // the Cloud Map service was deleted: nothing to register in
                }
                for (EcsTask task : ServiceTasks.of(state, service)) {
                    Map<String, String> attributes = TargetRegistrar.isServing(task)
                            ? attributes(state, service, registry, task)
                            : null;
                    if (attributes == null) {
                        continue;
                    }
                    String key = DiscoveryInstance.key(serviceId, task.id());
                    wanted.add(key);
                    keep(serviceId, task, attributes, customHealth, existing.get(key));
                }
            }
        }
        for (DiscoveryInstance instance : existing.values()) {
            if (!wanted.contains(instance.key()) && ownedByEcs(state, instance)) {
                apply(() -> cloudMap.deregister(instance.serviceId(), instance.id()), instance.id());
            }
        }
    }

    /**
     * Deregisters every instance of {@code task} now; true when none is left (a refused command is retried on the
     * next pass, and the task waits).
     */
    boolean leave(EcsTask task) {
        boolean done = true;
        for (DiscoveryInstance instance : cloudMap.all()) {
            if (instance.id().equals(task.id()) && task.cluster().equals(instance.attributes().get(CLUSTER_ATTRIBUTE))) {
                done &= apply(() -> cloudMap.deregister(instance.serviceId(), instance.id()), task.id());
            }
        }
        return done;
    }

    private void keep(String serviceId, EcsTask task, Map<String, String> attributes, boolean customHealth,
                      DiscoveryInstance current) {
        if (current == null || !current.attributes().equals(attributes)) {
            apply(() -> cloudMap.register(serviceId, task.id(), null, attributes), task.id());
        }
        if (customHealth) {
            String health = TaskLifecycle.UNHEALTHY.equals(task.healthStatus()) ? DiscoveryInstance.UNHEALTHY
                    : DiscoveryInstance.HEALTHY;
            if (current == null || !health.equals(current.health())) {
                apply(() -> cloudMap.updateHealth(serviceId, task.id(), health), task.id());
            }
        }
    }

    /** The attributes of {@code task}'s instance, or null while it has no address to register yet. */
    private static Map<String, String> attributes(EcsState state, EcsServiceEntry service,
                                                  EcsServiceRegistry registry, EcsTask task) {
        EcsTaskDefinition definition = state.taskDefinitions().get(task.taskDefinition());
        if (definition == null) {
            return null;
        }
        String address;
        Integer port = registry.port();
        if (TaskLaunch.AWSVPC.equals(definition.networkMode())) {
            address = task.privateIpv4Address();
            if (registry.containerPort() != null) {
                port = registry.containerPort();
            }
        } else {
            EcsNetworkBinding binding = binding(task, registry);
            if (binding == null) {
                return null;
            }
            address = binding.bindIP() == null || binding.bindIP().equals("0.0.0.0") ? "127.0.0.1" : binding.bindIP();
            port = binding.hostPort();
        }
        if (address == null) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(DiscoveryInstance.IPV4, address);
        if (port != null) {
            attributes.put(DiscoveryInstance.PORT, String.valueOf(port));
        }
        attributes.put("AVAILABILITY_ZONE", AVAILABILITY_ZONE);
        attributes.put("REGION", REGION);
        attributes.put(CLUSTER_ATTRIBUTE, service.cluster());
        attributes.put(SERVICE_ATTRIBUTE, service.name());
        attributes.put(FAMILY_ATTRIBUTE, definition.family());
        return Map.copyOf(attributes);
    }

    private static EcsNetworkBinding binding(EcsTask task, EcsServiceRegistry registry) {
        for (EcsContainer c : task.containers()) {
            if (c.name().equals(registry.containerName())) {
                for (EcsNetworkBinding b : c.networkBindings()) {
                    if (registry.containerPort() != null && b.containerPort() == registry.containerPort()) {
                        return b;
                    }
                }
            }
        }
        return null;
    }

    /** True when {@code instance} carries the ECS attributes of a service Ballast's ECS knows. */
    private static boolean ownedByEcs(EcsState state, DiscoveryInstance instance) {
        String cluster = instance.attributes().get(CLUSTER_ATTRIBUTE);
        String service = instance.attributes().get(SERVICE_ATTRIBUTE);
        return cluster != null && service != null && state.services().containsKey(cluster + "/" + service);
    }

    /** The Cloud Map service id at the end of its ARN ({@code …:service/srv-…}). */
    private static String serviceId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** Runs a Cloud Map command; a refusal is logged and retried on the next pass. */
    private static boolean apply(Runnable command, String taskId) {
        try {
            command.run();
            return true;
        } catch (AwsException e) {
            LOG.warn("task {}: its Cloud Map registration could not be changed: {}", taskId, e.getMessage());
            return false;
        }
    }
}
