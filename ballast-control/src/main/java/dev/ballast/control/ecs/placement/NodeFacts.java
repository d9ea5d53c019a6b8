package dev.ballast.control.ecs.placement;

import java.util.Map;
import java.util.Set;

/**
 * What a cluster query sees of one node: its instance id, its attributes, the groups of the tasks it holds and how
 * many tasks it holds.
 *
 * <p>Thread-safe (immutable).
 *
 * @param instanceId   the node's EC2-style instance id ({@code ec2InstanceId})
 * @param attributes   its attributes by name ({@code attribute:<name>})
 * @param taskGroups   the groups of the live tasks placed on it ({@code task:group})
 * @param runningTasks how many live tasks are placed on it ({@code runningTasksCount})
 */
public record NodeFacts(String instanceId, Map<String, String> attributes, Set<String> taskGroups,
                        int runningTasks) {
    /** Copies the map and set. */
    public NodeFacts {
        attributes = Map.copyOf(attributes);
        taskGroups = Set.copyOf(taskGroups);
    }
}
