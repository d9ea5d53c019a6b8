package dev.ballast.core.security;

import dev.ballast.core.model.Cidr;
import dev.ballast.core.validation.Check;

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
        Check.that("tcp".equals(protocol) || "udp".equals(protocol) || "all".equals(protocol), "protocol", protocol,
                "tcp, udp or all");
        Check.that(fromPort >= 0 && fromPort <= 65535, "fromPort", fromPort, "0-65535");
        Check.that(toPort >= fromPort && toPort <= 65535, "toPort", toPort, "fromPort-65535");
        Check.that(cidr == null ^ sourceGroupId == null, "cidr", cidr, "a block or a source group, not both");
        if (cidr != null) {
            Cidr.parse("cidr", cidr);
        }
    }

    /** True if the rule admits {@code protocol} ({@code tcp} or {@code udp}) connections to {@code port}. */
    public boolean covers(String protocol, int port) {
        return (this.protocol.equals("all") || this.protocol.equals(protocol)) && port >= fromPort && port <= toPort;
    }

    /** This rule with the block {@code block} as its peer. */
    IngressRule from(String block) {
        return new IngressRule(protocol, fromPort, toPort, block, null);
    }
}
