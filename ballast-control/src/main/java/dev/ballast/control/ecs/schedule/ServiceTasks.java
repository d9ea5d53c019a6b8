package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import java.util.List;

/**
 * Finds the tasks a service started: those of its cluster whose group is {@code service:<name>}.
 *
 * <p>Thread-safe (stateless).
 */
final class ServiceTasks {
    private ServiceTasks() {}

    /** The group ECS gives the tasks of service {@code name}. */
    static String group(String name) {
        return "service:" + name;
    }

    /** Every task of {@code service} in {@code state}, in creation order, whatever its status. */
    static List<EcsTask> of(EcsState state, EcsServiceEntry service) {
        String group = group(service.name());
        return state.tasks().values().stream()
                .filter(t -> t.cluster().equals(service.cluster()) && group.equals(t.group())).toList();
    }

    /** The service that owns {@code task}, or null. */
    static EcsServiceEntry owner(EcsState state, EcsTask task) {
        if (task.group() == null || !task.group().startsWith("service:")) {
            return null;
        }
        return state.services().get(task.cluster() + "/" + task.group().substring("service:".length()));
    }
}
