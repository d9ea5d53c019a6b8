package dev.ballast.control.ecs;

/**
 * One ECS placement strategy as CreateService, UpdateService and RunTask take it: {@code random}, {@code spread} over
 * a field ({@code instanceId}, {@code host} or {@code attribute:<name>}) or {@code binpack} on {@code cpu} or
 * {@code memory}. Several are applied in order, each breaking the ties the ones before left.
 *
 * <p>Thread-safe (immutable).
 *
 * @param type  {@code random}, {@code spread} or {@code binpack}
 * @param field what spread or binpack look at; null for random
 */
public record EcsPlacementStrategy(String type, String field) {
    /** A random node among the ones left. */
    public static final String RANDOM = "random";
    /** The nodes (or attribute values) with the fewest tasks of the group. */
    public static final String SPREAD = "spread";
    /** The node with the least cpu or memory left. */
    public static final String BINPACK = "binpack";
}
