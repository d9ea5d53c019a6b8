package dev.ballast.dns;

import dev.ballast.core.dns.HostedZone;
import dev.ballast.core.dns.ResourceRecordSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The health of a record set in a routed group, as Route 53 evaluates it without health checks: a set with values,
 * and an alias that does not evaluate target health, are healthy; an alias that does inherits its target's health —
 * a load balancer's ({@link LoadBalancerHealth}), or for an alias to record sets of a hosted zone, healthy while
 * one of those sets is.
 *
 * <p>Thread-safe (immutable after construction).
 */
final class AliasHealth {
    /** Aliases to aliases are followed this deep; deeper (or a loop) counts as healthy. */
    private static final int MAX_DEPTH = 8;

    private final Map<Key, List<ResourceRecordSet>> setsByKey = new HashMap<>();
    private final LoadBalancerHealth loadBalancers;

    AliasHealth(List<HostedZone> hostedZones, LoadBalancerHealth loadBalancers) {
        this.loadBalancers = loadBalancers;
        for (HostedZone zone : hostedZones) {
            for (ResourceRecordSet set : zone.recordSets()) {
                Name name = HostedZoneRecords.name(set.name());
                if (name != null) {
                    setsByKey.computeIfAbsent(new Key(name, set.type()), k -> new ArrayList<>()).add(set);
                }
            }
        }
    }

    /** Whether {@code set} may be in a routed answer. */
    boolean healthy(ResourceRecordSet set) {
        return healthy(set, 0);
    }

    private boolean healthy(ResourceRecordSet set, int depth) {
        if (set.aliasTarget() == null || !set.aliasTarget().evaluateTargetHealth() || depth > MAX_DEPTH) {
            return true;
        }
        Name target = HostedZoneRecords.name(set.aliasTarget().dnsName());
        if (target == null) {
            return true;
        }
        Boolean loadBalancer = loadBalancers.healthy(target);
        if (loadBalancer != null) {
            return loadBalancer;
        }
        List<ResourceRecordSet> targets = setsByKey.getOrDefault(new Key(target, set.type()), List.of());
        return targets.isEmpty() || targets.stream().anyMatch(t -> healthy(t, depth + 1));
    }

    /** A record set's name (case-insensitive, as {@link Name} compares) and type. */
    private record Key(Name name, String type) {}
}
