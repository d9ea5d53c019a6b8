package dev.ballast.control.ecs;

/**
 * One ECS placement constraint as CreateService, UpdateService and RunTask take it: {@code distinctInstance} (no
 * expression) or {@code memberOf} with a cluster query language expression.
 *
 * <p>Thread-safe (immutable).
 *
 * @param type       {@code distinctInstance} or {@code memberOf}
 * @param expression the cluster query expression of a {@code memberOf} constraint, else null
 */
public record EcsPlacementConstraint(String type, String expression) {
    /** Each task of a group on a node of its own. */
    public static final String DISTINCT_INSTANCE = "distinctInstance";
    /** Only nodes that the expression selects. */
    public static final String MEMBER_OF = "memberOf";
}
