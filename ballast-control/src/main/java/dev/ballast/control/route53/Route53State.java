package dev.ballast.control.route53;

import dev.ballast.control.cloudmap.CloudMapState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of the Route 53 resources: hosted zones by id in creation order, and the changes GetChange
 * can report by id, and the Cloud Map resources (whose DNS namespaces are private hosted zones here).
 *
 * <p>Thread-safe (immutable).
 */
public record Route53State(long revision, Map<String, HostedZoneEntry> zones, Map<String, Route53Change> changes,
                           CloudMapState cloudMap) {
    /** Copies the maps, keeping their order. */
    public Route53State {
        zones = Collections.unmodifiableMap(new LinkedHashMap<>(zones));
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }
}
