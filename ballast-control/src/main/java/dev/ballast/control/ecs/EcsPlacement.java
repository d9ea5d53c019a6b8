package dev.ballast.control.ecs;

import java.util.List;

/**
 * Where the tasks of a service (or of one RunTask) may run and how the scheduler chooses among those nodes: the
 * placement constraints and the placement strategies, as given (empty: any live node, today's spread).
 *
 * <p>Thread-safe (immutable).
 */
public record EcsPlacement(List<EcsPlacementConstraint> constraints, List<EcsPlacementStrategy> strategies) {
    /** No constraint and no strategy: the default spread over every live node. */
    public static final EcsPlacement NONE = new EcsPlacement(List.of(), List.of());

    /** Copies the lists; absent lists are empty. */
    public EcsPlacement {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        strategies = strategies == null ? List.of() : List.copyOf(strategies);
    }

    /** {@code placement}, or {@link #NONE} when null (records stored before placement existed). */
    public static EcsPlacement orNone(EcsPlacement placement) {
        return placement == null ? NONE : placement;
    }
}
