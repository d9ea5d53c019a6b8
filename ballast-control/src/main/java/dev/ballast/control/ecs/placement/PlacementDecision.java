package dev.ballast.control.ecs.placement;

/**
 * Where a task goes: the chosen node's name, or null and why no node would do, in ECS's words (e.g. "The closest
 * matching (container-instance i-...) has insufficient memory available.").
 *
 * <p>Thread-safe (immutable).
 */
public record PlacementDecision(String node, String unmet) {
    /** The decision for {@code node}. */
    static PlacementDecision on(String node) {
        return new PlacementDecision(node, null);
    }

    /** No node, because {@code why}. */
    static PlacementDecision none(String why) {
        return new PlacementDecision(null, why);
    }

    /** True when a node was chosen. */
    public boolean placed() {
        return node != null;
    }
}
