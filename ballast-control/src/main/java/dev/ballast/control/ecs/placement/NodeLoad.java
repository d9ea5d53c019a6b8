package dev.ballast.control.ecs.placement;

import java.util.Map;
import java.util.Set;

/**
 * One live node as placement weighs it: who it is, what it offers and what the tasks placed on it already take.
 *
 * <p>Thread-safe (immutable).
 *
 * @param name       the node's name (the last tie-breaker)
 * @param instanceId its instance id
 * @param attributes its attributes by name
 * @param cpu        cpu units it offers
 * @param memory     MiB it offers
 * @param cpuUsed    cpu units its live tasks take
 * @param memoryUsed MiB its live tasks take
 * @param groupTasks its live tasks of the group being placed
 * @param allTasks   all its live tasks
 * @param groups     the groups of its live tasks
 */
public record NodeLoad(String name, String instanceId, Map<String, String> attributes, int cpu, int memory,
                       int cpuUsed, int memoryUsed, int groupTasks, int allTasks, Set<String> groups) {
    /** Copies the map and set. */
    public NodeLoad {
        attributes = Map.copyOf(attributes);
        groups = Set.copyOf(groups);
    }

    /** What a cluster query sees of this node. */
    NodeFacts facts() {
        return new NodeFacts(instanceId, attributes, groups, allTasks);
    }
}
