package dev.ballast.core.security;

/**
 * One inbound rule of a security group as the data plane enforces it: clients in {@code cidr}, or the load
 * balancers in group {@code sourceGroupId}, may open {@code protocol} connections (or UDP flows) to listener ports
 * {@code fromPort}-{@code toPort}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param protocol {@code tcp}, {@code udp} or {@code all}; other IP protocols never reach a listener
 * @param fromPort first port, 0-65535
 * @param toPort last port, at least {@code fromPort}
 * @param cidr an IPv4 or IPv6 block, or null for a group peer
 * @param sourceGroupId the peer security group, or null for a block
 */
public record IngressRule(String protocol, int fromPort, int toPort, String cidr, String sourceGroupId) {
    /** Validates the fields. */
    public IngressRule {
        RuleFields.check(protocol, fromPort, toPort, cidr, sourceGroupId, "source group");
    }

    /** True if the rule admits {@code protocol} ({@code tcp} or {@code udp}) connections to {@code port}. */
    public boolean covers(String protocol, int port) {
        return RuleFields.covers(this.protocol, fromPort, toPort, protocol, port);
    }

    /** This rule with the block {@code block} as its peer. */
    IngressRule from(String block) {
        return new IngressRule(protocol, fromPort, toPort, block, null);
    }
}
