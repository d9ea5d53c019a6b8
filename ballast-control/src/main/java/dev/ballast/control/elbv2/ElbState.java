package dev.ballast.control.elbv2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of everything the ELBv2 API manages, by ARN, each map in creation order.
 *
 * <p>Thread-safe (immutable).
 */
public record ElbState(long revision, Map<String, LoadBalancerEntry> loadBalancers,
                       Map<String, ListenerEntry> listeners, Map<String, RuleEntry> rules,
                       Map<String, TargetGroupEntry> targetGroups) {
    /** Nothing configured, at revision 0. */
    public static final ElbState EMPTY = new ElbState(0, Map.of(), Map.of(), Map.of(), Map.of());

    /** Copies the maps, keeping their order. */
    public ElbState {
        loadBalancers = frozen(loadBalancers);
        listeners = frozen(listeners);
        rules = frozen(rules);
        targetGroups = frozen(targetGroups);
    }

    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
