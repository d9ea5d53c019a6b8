package dev.ballast.core.security;

/**
 * One outbound rule of a security group as the data plane enforces it: a load balancer may open {@code protocol}
 * connections (health checks and traffic) to targets in {@code cidr}, or to the load balancers in group
 * {@code destinationGroupId}, on ports {@code fromPort}-{@code toPort}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param protocol {@code tcp}, {@code udp} or {@code all}; other IP protocols never carry a target connection
 * @param fromPort first port, 0-65535
 * @param toPort last port, at least {@code fromPort}
 * @param cidr an IPv4 or IPv6 block, or null for a group peer
 * @param destinationGroupId the peer security group, or null for a block
 */
public record EgressRule(String protocol, int fromPort, int toPort, String cidr, String destinationGroupId) {
    /** Validates the fields. */
    public EgressRule {
        RuleFields.check(protocol, fromPort, toPort, cidr, destinationGroupId, "destination group");
    }

    /** True if the rule lets {@code protocol} ({@code tcp} or {@code udp}) connections go to {@code port}. */
    public boolean covers(String protocol, int port) {
        return RuleFields.covers(this.protocol, fromPort, toPort, protocol, port);
    }

    /** This rule with the block {@code block} as its peer. */
    EgressRule to(String block) {
        return new EgressRule(protocol, fromPort, toPort, block, null);
    }
}
