package dev.ballast.control.ec2;

import java.util.List;

/**
 * One {@code IpPermission} of an Authorize or Revoke request: a protocol, a port range and the peers it applies
 * to. {@link SecurityGroupRules} turns it into one {@link SecurityGroupRule} per peer.
 *
 * <p>Thread-safe (immutable).
 *
 * @param field the request's name for it in messages, e.g. {@code IpPermissions.1}
 * @param fromPort null when absent
 * @param toPort null when absent
 */
public record IpPermission(String field, String protocol, Integer fromPort, Integer toPort, List<IpRange> ipRanges,
                           List<IpRange> ipv6Ranges, List<GroupPair> groups) {
    /** Copies the lists. */
    public IpPermission {
        ipRanges = List.copyOf(ipRanges);
        ipv6Ranges = List.copyOf(ipv6Ranges);
        groups = List.copyOf(groups);
    }

    /** An IPv4 or IPv6 peer block. */
    public record IpRange(String cidr, String description) {}

    /** A peer security group, by id or (in the same VPC) by name. */
    public record GroupPair(String groupId, String groupName, String description) {}
}
