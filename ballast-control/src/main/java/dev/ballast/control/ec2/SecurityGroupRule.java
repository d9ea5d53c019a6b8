package dev.ballast.control.ec2;

/**
 * One rule of a security group: a protocol, a port range and exactly one peer (an IPv4 block, an IPv6 block or
 * another group). An {@code IpPermission} of the API with several ranges is several rules; two rules are the same
 * rule when they differ only in their description.
 *
 * <p>Thread-safe (immutable).
 *
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, {@code -1} (all) or a protocol number
 * @param fromPort first port (or ICMP type), -1 for all
 * @param toPort last port (or ICMP code), -1 for all
 * @param cidrIpv4 the IPv4 peer block, or null
 * @param cidrIpv6 the IPv6 peer block, or null
 * @param groupId the peer security group, or null
 * @param description free text, or null
 */
public record SecurityGroupRule(String protocol, int fromPort, int toPort, String cidrIpv4, String cidrIpv6,
                                String groupId, String description) {
    /** True if this and {@code other} allow the same traffic (the description does not count). */
    public boolean sameAs(SecurityGroupRule other) {
        return protocol.equals(other.protocol) && fromPort == other.fromPort && toPort == other.toPort
                && java.util.Objects.equals(cidrIpv4, other.cidrIpv4)
                && java.util.Objects.equals(cidrIpv6, other.cidrIpv6)
                && java.util.Objects.equals(groupId, other.groupId);
    }

    /** True if the rule covers every protocol, whose ports are then all ports. */
    public boolean allProtocols() {
        return protocol.equals("-1");
    }

    /** The peer as EC2's messages name it: the block or the group id. */
    public String peer() {
        return cidrIpv4 != null ? cidrIpv4 : cidrIpv6 != null ? cidrIpv6 : groupId;
    }
}
