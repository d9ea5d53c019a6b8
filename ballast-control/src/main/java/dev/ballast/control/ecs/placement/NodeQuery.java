package dev.ballast.control.ecs.placement;

/**
 * A parsed cluster query language expression: whether a node is one the expression selects.
 *
 * <p>Implementations are thread-safe (immutable).
 */
@FunctionalInterface
public interface NodeQuery {
    /** True when {@code node} is selected. */
    boolean matches(NodeFacts node);
}
