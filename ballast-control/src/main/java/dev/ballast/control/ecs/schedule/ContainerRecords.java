package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsContainer;
import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsNetworkBinding;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.TaskNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns what a driver reports (container statuses, the task's network) into the container records DescribeTasks
 * shows, and derives the task's health from its essential containers, as ECS does: any UNHEALTHY makes the task
 * UNHEALTHY, else any UNKNOWN makes it UNKNOWN, else it is HEALTHY.
 *
 * <p>Thread-safe (stateless).
 */
final class ContainerRecords {
    private ContainerRecords() {}

    /** The containers of a new task of {@code definition}, each PENDING with a new id. */
    static List<EcsContainer> pending(EcsTaskDefinition definition) {
        return definition.containerDefinitions().stream().map(c -> new EcsContainer(UUID.randomUUID().toString(),
                c.name(), c.image(), null, TaskLifecycle.PENDING, null, null, TaskLifecycle.UNKNOWN, List.of()))
                .toList();
    }

    /**
     * {@code records} updated with {@code statuses} (matched by container name) and, when given, the published ports
     * of {@code network}; a status for a container without a record gets a new record.
     */
    static List<EcsContainer> update(List<EcsContainer> records, List<ContainerStatus> statuses,
                                     TaskNetwork network) {
        Map<String, ContainerStatus> byName = statuses.stream()
                .collect(Collectors.toMap(ContainerStatus::name, Function.identity(), (a, b) -> b));
        List<EcsContainer> updated = new ArrayList<>();
        for (EcsContainer r : records) {
            ContainerStatus s = byName.remove(r.name());
            updated.add(s == null ? r : merge(r.id(), r.name(), r.image(), s, network == null ? r.networkBindings()
                    : bindings(network, r.name())));
        }
        for (ContainerStatus s : byName.values()) {
            updated.add(merge(UUID.randomUUID().toString(), s.name(), null, s,
                    network == null ? List.of() : bindings(network, s.name())));
        }
        return updated;
    }

    /** {@code records} all STOPPED (what is left of a task whose containers are gone). */
    static List<EcsContainer> stopped(List<EcsContainer> records) {
        return records.stream().map(r -> TaskLifecycle.STOPPED.equals(r.lastStatus()) ? r
                : new EcsContainer(r.id(), r.name(), r.image(), r.runtimeId(), TaskLifecycle.STOPPED, r.exitCode(),
                        r.reason(), r.healthStatus(), r.networkBindings())).toList();
    }

    private static EcsContainer merge(String id, String name, String image, ContainerStatus s,
                                      List<EcsNetworkBinding> bindings) {
        return new EcsContainer(id, name, image, s.runtimeId(),
                s.running() ? TaskLifecycle.RUNNING : TaskLifecycle.STOPPED, s.exitCode(), s.reason(),
                s.health() == null ? TaskLifecycle.UNKNOWN : s.health().name(), bindings);
    }

    private static List<EcsNetworkBinding> bindings(TaskNetwork network, String containerName) {
        return network.bindings().stream().filter(b -> b.containerName().equals(containerName))
                .map(b -> new EcsNetworkBinding(b.bindIp(), b.containerPort(), b.hostPort(), b.protocol())).toList();
    }

    /** The task's health from its essential containers (all containers when the definition is unknown). */
    static String taskHealth(List<EcsContainer> containers, EcsTaskDefinition definition) {
        List<String> essential = essentialNames(definition);
        boolean unknown = false;
        for (EcsContainer c : containers) {
            if (definition != null && !essential.contains(c.name())) {
                continue;
            }
            if (TaskLifecycle.UNHEALTHY.equals(c.healthStatus())) {
                return TaskLifecycle.UNHEALTHY;
            }
            unknown |= !TaskLifecycle.HEALTHY.equals(c.healthStatus());
        }
        return unknown || containers.isEmpty() ? TaskLifecycle.UNKNOWN : TaskLifecycle.HEALTHY;
    }

    /** True if an essential container of the task is no longer running. */
    static boolean essentialExited(List<ContainerStatus> statuses, EcsTaskDefinition definition) {
        List<String> essential = essentialNames(definition);
        return statuses.stream().anyMatch(s -> !s.running() && (definition == null || essential.contains(s.name())));
    }

    private static List<String> essentialNames(EcsTaskDefinition definition) {
        return definition == null ? List.of() : definition.containerDefinitions().stream()
                .filter(EcsContainerDefinition::essential).map(EcsContainerDefinition::name).toList();
    }
}
