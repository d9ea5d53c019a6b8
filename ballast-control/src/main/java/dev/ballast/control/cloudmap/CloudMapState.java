package dev.ballast.control.cloudmap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of the Cloud Map resources, kept beside the Route 53 hosted zones (a DNS namespace is a
 * private hosted zone, and both change in one commit): namespaces, services, instances (by
 * {@link DiscoveryInstance#key}) and operations, each in creation order.
 *
 * <p>Thread-safe (immutable).
 */
public record CloudMapState(Map<String, DiscoveryNamespace> namespaces, Map<String, DiscoveryService> services,
                            Map<String, DiscoveryInstance> instances, Map<String, DiscoveryOperation> operations) {
    /** Copies the maps, keeping their order. */
    public CloudMapState {
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        instances = Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        operations = Collections.unmodifiableMap(new LinkedHashMap<>(operations));
    }

    /** No Cloud Map resources. */
    public static CloudMapState empty() {
        return new CloudMapState(Map.of(), Map.of(), Map.of(), Map.of());
    }
}
