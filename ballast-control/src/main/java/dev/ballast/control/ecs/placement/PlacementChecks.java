package dev.ballast.control.ecs.placement;

import dev.ballast.control.ecs.EcsPlacement;
import dev.ballast.control.ecs.EcsPlacementConstraint;
import dev.ballast.control.ecs.EcsPlacementStrategy;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;

/**
 * Checks the placement constraints and strategies of CreateService, UpdateService and RunTask as ECS does before
 * anything is stored: at most {@link #MAX_CONSTRAINTS} constraints and {@link #MAX_STRATEGIES} strategies, known
 * types, a {@code memberOf} expression that parses, no expression on {@code distinctInstance}, the fields each
 * strategy takes, and none of it for Fargate tasks.
 *
 * <p>Thread-safe (stateless).
 */
public final class PlacementChecks {
    /** The most constraints a service or RunTask takes, as on ECS. */
    public static final int MAX_CONSTRAINTS = 10;
    /** The most strategies a service or RunTask takes, as on ECS. */
    public static final int MAX_STRATEGIES = 5;
    /** How a spread field names an attribute. */
    public static final String ATTRIBUTE_PREFIX = "attribute:";

    private PlacementChecks() {}

    /**
     * Checks {@code placement} for tasks of {@code launchType}.
     *
     * @throws AwsException InvalidParameterException saying what is wrong; ECS's text where it has one
     */
    public static void check(EcsPlacement placement, String launchType) {
        if (placement.constraints().size() > MAX_CONSTRAINTS) {
            throw invalid("placementConstraints: " + placement.constraints().size() + " constraints (expected: at "
                    + "most " + MAX_CONSTRAINTS + ")");
        }
        if (placement.strategies().size() > MAX_STRATEGIES) {
            throw invalid("placementStrategy: " + placement.strategies().size() + " strategies (expected: at most "
                    + MAX_STRATEGIES + ")");
        }
        if ("FARGATE".equals(launchType) && !placement.equals(EcsPlacement.NONE)) {
            throw invalid("Task placement constraints and strategies are not supported for tasks using the FARGATE "
                    + "launch type (expected: launchType EC2 to place tasks on nodes by constraints and strategies).");
        }
        placement.constraints().forEach(PlacementChecks::check);
        placement.strategies().forEach(PlacementChecks::check);
    }

    private static void check(EcsPlacementConstraint c) {
        if (EcsPlacementConstraint.DISTINCT_INSTANCE.equals(c.type())) {
            if (c.expression() != null) {
                throw invalid("distinctInstance expression should not be specified.");
            }
        } else if (EcsPlacementConstraint.MEMBER_OF.equals(c.type())) {
            if (c.expression() == null) {
                throw invalid("placementConstraints.expression: missing (expected: a cluster query language "
                        + "expression with type memberOf, e.g. attribute:ecs.availability-zone == us-east-1a)");
            }
            try {
                ClusterQuery.parse(c.expression());
            } catch (IllegalArgumentException e) {
                throw invalid("placementConstraints.expression: " + c.expression() + " (expected: " + e.getMessage()
                        + ")");
            }
        } else {
            throw invalid("placementConstraints.type: " + c.type() + " (expected: distinctInstance or memberOf)");
        }
    }

    private static void check(EcsPlacementStrategy s) {
        String field = s.field();
        switch (String.valueOf(s.type())) {
            case EcsPlacementStrategy.RANDOM -> {
                if (field != null) {
                    throw invalid("placementStrategy.field: " + field + " (expected: no field with type random)");
                }
            }
            case EcsPlacementStrategy.SPREAD -> {
                boolean attribute = field != null && field.startsWith(ATTRIBUTE_PREFIX)
                        && field.length() > ATTRIBUTE_PREFIX.length();
                if (!attribute && !"instanceId".equals(field) && !"host".equals(field)) {
                    throw invalid("placementStrategy.field: " + field + " (expected: instanceId, host or "
                            + "attribute:<name> with type spread)");
                }
            }
            case EcsPlacementStrategy.BINPACK -> {
                if (!"cpu".equalsIgnoreCase(field) && !"memory".equalsIgnoreCase(field)) {
                    throw invalid("placementStrategy.field: " + field + " (expected: cpu or memory with type "
                            + "binpack)");
                }
            }
            default -> throw invalid("placementStrategy.type: " + s.type() + " (expected: random, spread or "
                    + "binpack)");
        }
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, message);
    }
}
