package dev.ballast.control.classic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of every Classic Load Balancer, by name, in creation order.
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicState(long revision, Map<String, ClassicLoadBalancer> loadBalancers) {
    /** Nothing configured, at revision 0. */
    public static final ClassicState EMPTY = new ClassicState(0, Map.of());

    /** Copies the map, keeping its order. */
    public ClassicState {
        loadBalancers = Collections.unmodifiableMap(new LinkedHashMap<>(loadBalancers));
    }
}
