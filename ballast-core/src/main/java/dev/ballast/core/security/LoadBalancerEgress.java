package dev.ballast.core.security;

import java.util.List;

/**
 * The outbound rules of a load balancer's security groups, resolved to address blocks: a health check or a target
 * connection may be made only if a rule covers its protocol, the target's port and the target's address. A load
 * balancer with no entry in the snapshot reaches every target.
 *
 * <p>Thread-safe (immutable).
 */
public record LoadBalancerEgress(List<EgressRule> rules) {
    /** Copies the list. */
    public LoadBalancerEgress {
        rules = List.copyOf(rules);
    }

    /** The compiled check for {@code protocol} ({@code tcp} or {@code udp}) connections to targets. */
    public TargetMatcher matcher(String protocol) {
        return TargetMatcher.compile(rules, protocol);
    }

    /** The targets {@code egress} lets {@code protocol} connections reach; every target when it is null. */
    public static TargetMatcher targets(LoadBalancerEgress egress, String protocol) {
        return egress == null ? TargetMatcher.REACH_ALL : egress.matcher(protocol);
    }
}
