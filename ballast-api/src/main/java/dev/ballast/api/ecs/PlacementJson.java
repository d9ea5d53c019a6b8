package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.EcsPlacement;
import dev.ballast.control.ecs.EcsPlacementConstraint;
import dev.ballast.control.ecs.EcsPlacementStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code placementConstraints} ({@code [{type, expression}]}) and {@code placementStrategy}
 * ({@code [{type, field}]}) from CreateService, UpdateService and RunTask requests, and renders them as
 * DescribeServices shows them.
 *
 * <p>Thread-safe (stateless).
 */
final class PlacementJson {
    private PlacementJson() {}

    /** Both lists of {@code request} (empty when absent). */
    static EcsPlacement placement(ObjectNode request) {
        return new EcsPlacement(constraints(request), strategies(request));
    }

    /** The constraints of {@code request}, or null when it has none (UpdateService: keep them). */
    static List<EcsPlacementConstraint> constraintsOrNull(ObjectNode request) {
        return EcsJson.has(request, "placementConstraints") ? constraints(request) : null;
    }

    /** The strategies of {@code request}, or null when it has none (UpdateService: keep them). */
    static List<EcsPlacementStrategy> strategiesOrNull(ObjectNode request) {
        return EcsJson.has(request, "placementStrategy") ? strategies(request) : null;
    }

    private static List<EcsPlacementConstraint> constraints(ObjectNode request) {
        List<EcsPlacementConstraint> out = new ArrayList<>();
        for (ObjectNode c : EcsJson.objects(request, "placementConstraints")) {
            out.add(new EcsPlacementConstraint(EcsJson.string(c, "type"), EcsJson.string(c, "expression")));
        }
        return out;
    }

    private static List<EcsPlacementStrategy> strategies(ObjectNode request) {
        List<EcsPlacementStrategy> out = new ArrayList<>();
        for (ObjectNode s : EcsJson.objects(request, "placementStrategy")) {
            out.add(new EcsPlacementStrategy(EcsJson.string(s, "type"), EcsJson.string(s, "field")));
        }
        return out;
    }

    /** Puts {@code placement} into {@code out} as {@code placementConstraints} and {@code placementStrategy}. */
    static void render(ObjectNode out, EcsPlacement placement) {
        ArrayNode constraints = out.putArray("placementConstraints");
        for (EcsPlacementConstraint c : placement.constraints()) {
            ObjectNode item = constraints.addObject().put("type", c.type());
            if (c.expression() != null) {
                item.put("expression", c.expression());
            }
        }
        ArrayNode strategies = out.putArray("placementStrategy");
        for (EcsPlacementStrategy s : placement.strategies()) {
            ObjectNode item = strategies.addObject().put("type", s.type());
            if (s.field() != null) {
                item.put("field", s.field());
            }
        }
    }
}
