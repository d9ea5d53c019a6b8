package dev.ballast.control.ecs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of the ECS resources: the clusters by name, in creation order.
 *
 * <p>Thread-safe (immutable).
 */
public record EcsState(long revision, Map<String, EcsCluster> clusters) {
    /** Copies the map, keeping its order. */
    public EcsState {
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
    }
}
