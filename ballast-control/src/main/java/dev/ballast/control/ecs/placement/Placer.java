package dev.ballast.control.ecs.placement;

import dev.ballast.control.ecs.EcsPlacement;
import dev.ballast.control.ecs.EcsPlacementConstraint;
import dev.ballast.control.ecs.EcsPlacementStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * Chooses the node for one task as ECS's scheduler does: first the nodes that meet every constraint
 * ({@code memberOf} expressions, {@code distinctInstance}) and have the task's cpu and memory left; then each
 * strategy in order keeps the best of those ({@code spread}: fewest tasks of the group on the node, or on the nodes
 * sharing its attribute value; {@code binpack}: least cpu or memory left after the task; {@code random}: one at
 * random), and what ties remain go to the node with the fewest tasks of the group, then the fewest tasks, then the
 * first by name (which alone is the default spread). When no node fits, the closest one (the one that passed the
 * most checks, in that order) is named with what it lacks.
 *
 * <p>Thread-safe (stateless; the random generator is the caller's).
 */
public final class Placer {
    private Placer() {}

    /** The checks in order, as far as a node gets. */
    private enum Check { MEMBER_OF, DISTINCT_INSTANCE, CPU, MEMORY, FITS }

    /**
     * The node among {@code nodes} (the live nodes, by name) for a task needing {@code needs} under
     * {@code placement}.
     */
    public static PlacementDecision place(List<NodeLoad> nodes, TaskNeeds needs, EcsPlacement placement,
                                          RandomGenerator random) {
        if (nodes.isEmpty()) {
            return PlacementDecision.none("Reason: No Container Instances were found in your cluster.");
        }
        List<NodeQuery> memberOf = new ArrayList<>();
        boolean distinct = false;
        for (EcsPlacementConstraint c : placement.constraints()) {
            if (EcsPlacementConstraint.MEMBER_OF.equals(c.type())) {
                memberOf.add(query(c.expression()));
            } else if (EcsPlacementConstraint.DISTINCT_INSTANCE.equals(c.type())) {
                distinct = true;
            }
        }
        List<NodeLoad> fitting = new ArrayList<>();
        NodeLoad closest = null;
        Check closestReached = null;
        for (NodeLoad node : nodes) {
            Check reached = check(node, needs, memberOf, distinct);
            if (reached == Check.FITS) {
                fitting.add(node);
            } else if (closestReached == null || reached.compareTo(closestReached) > 0) {
                closest = node;
                closestReached = reached;
            }
        }
        if (fitting.isEmpty()) {
            return PlacementDecision.none("The closest matching (container-instance " + closest.instanceId() + ") "
                    + lack(closestReached, needs) + ".");
        }
        List<NodeLoad> best = fitting;
        for (EcsPlacementStrategy strategy : placement.strategies()) {
            best = best(best, strategy, nodes, needs, random);
        }
        return PlacementDecision.on(best.stream().min(Comparator.comparingInt(NodeLoad::groupTasks)
                .thenComparingInt(NodeLoad::allTasks).thenComparing(NodeLoad::name)).orElseThrow().name());
    }

    /** The first check {@code node} fails, or {@link Check#FITS}. */
    private static Check check(NodeLoad node, TaskNeeds needs, List<NodeQuery> memberOf, boolean distinct) {
        NodeFacts facts = node.facts();
        if (!memberOf.stream().allMatch(q -> q.matches(facts))) {
            return Check.MEMBER_OF;
        }
        if (distinct && node.groupTasks() > 0) {
            return Check.DISTINCT_INSTANCE;
        }
        if (node.cpu() - node.cpuUsed() < needs.cpu()) {
            return Check.CPU;
        }
        if (node.memory() - node.memoryUsed() < needs.memory()) {
            return Check.MEMORY;
        }
        return Check.FITS;
    }

    private static String lack(Check failed, TaskNeeds needs) {
        return switch (failed) {
            case MEMBER_OF -> "is missing an attribute required by your task";
            case DISTINCT_INSTANCE -> "is already running a task of the group " + needs.group()
                    + " (distinctInstance)";
            case CPU -> "has insufficient CPU units available";
            case MEMORY -> "has insufficient memory available";
            case FITS -> throw new IllegalStateException("a node that fits lacks nothing");
        };
    }

    /** The nodes of {@code from} that {@code strategy} ranks best (all of them when it cannot tell them apart). */
    private static List<NodeLoad> best(List<NodeLoad> from, EcsPlacementStrategy strategy, List<NodeLoad> all,
                                       TaskNeeds needs, RandomGenerator random) {
        String field = strategy.field();
        ToLongFunction<NodeLoad> score;
        switch (String.valueOf(strategy.type())) {
            case EcsPlacementStrategy.RANDOM -> {
                return List.of(from.get(random.nextInt(from.size())));
            }
            case EcsPlacementStrategy.BINPACK -> score = "memory".equalsIgnoreCase(field)
                    ? n -> n.memory() - n.memoryUsed() - needs.memory()
                    : n -> n.cpu() - n.cpuUsed() - needs.cpu();
            case EcsPlacementStrategy.SPREAD -> {
                if (field != null && field.startsWith(PlacementChecks.ATTRIBUTE_PREFIX)) {
                    String attribute = field.substring(PlacementChecks.ATTRIBUTE_PREFIX.length());
                    Map<String, Long> perValue = new HashMap<>();
                    for (NodeLoad n : all) {
                        perValue.merge(String.valueOf(n.attributes().get(attribute)), (long) n.groupTasks(),
                                Long::sum);
                    }
                    score = n -> perValue.get(String.valueOf(n.attributes().get(attribute)));
                } else {
                    score = NodeLoad::groupTasks; // instanceId, host
                }
            }
            default -> {
                return from;
            }
        }
        long min = from.stream().mapToLong(score).min().orElseThrow();
        return from.stream().filter(n -> score.applyAsLong(n) == min).toList();
    }

    private static NodeQuery query(String expression) {
        try {
            return ClusterQuery.parse(Objects.requireNonNull(expression));
        } catch (RuntimeException e) {
            return n -> false; // checked when stored; a record written by hand selects nothing
        }
    }
}
