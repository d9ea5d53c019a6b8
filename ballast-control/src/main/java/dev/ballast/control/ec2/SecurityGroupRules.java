package dev.ballast.control.ec2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks the {@link IpPermission}s of a request and turns them into rules, one per peer, in EC2's canonical form:
 * protocol names for the numbers EC2 names ({@code 6} is {@code tcp}), {@code -1} ports for protocols without
 * ports, IPv4 blocks without host bits.
 *
 * <p>Thread-safe (stateless).
 */
final class SecurityGroupRules {
    private static final Map<String, String> NAMED = Map.of("6", "tcp", "17", "udp", "1", "icmp", "58", "icmpv6",
            "all", "-1");

    private SecurityGroupRules() {}

    /**
     * The rules of {@code permissions}; {@code groupIdOfName} resolves a peer group's name in the VPC (null when
     * unknown), and every peer group must exist in {@code groups}.
     */
    static List<SecurityGroupRule> of(List<IpPermission> permissions, Map<String, SecurityGroup> groups,
                                      Function<String, String> groupIdOfName) {
        List<SecurityGroupRule> out = new ArrayList<>();
        for (IpPermission p : permissions) {
            String protocol = protocol(p.protocol());
            int[] ports = ports(p, protocol);
            if (p.ipRanges().isEmpty() && p.ipv6Ranges().isEmpty() && p.groups().isEmpty()) {
                throw Ec2Messages.invalid(p.field(), "no IpRanges, Ipv6Ranges or Groups",
                        "at least one peer block or group");
            }
            for (IpPermission.IpRange r : p.ipRanges()) {
                out.add(new SecurityGroupRule(protocol, ports[0], ports[1], ipv4(r.cidr()), null, null,
                        r.description()));
            }
            for (IpPermission.IpRange r : p.ipv6Ranges()) {
                out.add(new SecurityGroupRule(protocol, ports[0], ports[1], null, ipv6(r.cidr()), null,
                        r.description()));
            }
            for (IpPermission.GroupPair g : p.groups()) {
                String id = g.groupId() != null ? g.groupId() : g.groupName() == null ? null
                        : groupIdOfName.apply(g.groupName());
                if (id == null || !groups.containsKey(id)) {
                    throw Ec2Messages.groupNotFound(g.groupId() != null ? g.groupId() : String.valueOf(g.groupName()));
                }
                out.add(new SecurityGroupRule(protocol, ports[0], ports[1], null, null, id, g.description()));
            }
        }
        return out;
    }

    /** EC2's text of a rule in its duplicate message, e.g. {@code peer: 10.0.0.0/8, TCP, from port: 80, ...}. */
    static String describe(SecurityGroupRule rule) {
        String protocol = rule.allProtocols() ? "ALL" : rule.protocol().toUpperCase(Locale.ROOT);
        String ports = rule.fromPort() < 0 && rule.toPort() < 0 && !hasPorts(rule.protocol()) ? ""
                : ", from port: " + rule.fromPort() + ", to port: " + rule.toPort();
        return "peer: " + rule.peer() + ", " + protocol + ports + ", ALLOW";
    }

    private static String protocol(String value) {
        if (value == null || value.isEmpty()) {
            throw Ec2Messages.missing("IpProtocol");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        String named = NAMED.getOrDefault(lower, lower);
        if (named.equals("-1") || named.equals("tcp") || named.equals("udp") || named.equals("icmp")
                || named.equals("icmpv6")) {
            return named;
        }
        if (named.matches("\\d{1,3}") && Integer.parseInt(named) <= 255) {
            return String.valueOf(Integer.parseInt(named));
        }
        throw new AwsException(AwsError.EC2_INVALID_PARAMETER_VALUE, "Invalid value '" + value
                + "' for IP protocol. Unknown protocol.");
    }

    private static boolean hasPorts(String protocol) {
        return protocol.equals("tcp") || protocol.equals("udp") || protocol.equals("icmp")
                || protocol.equals("icmpv6");
    }

    /** The port range (or ICMP type and code); protocols without ports cover every port, {@code -1}. */
    private static int[] ports(IpPermission p, String protocol) {
        if (protocol.equals("tcp") || protocol.equals("udp")) {
            int from = port(p.field() + ".FromPort", p.fromPort(), 0, 65535);
            int to = port(p.field() + ".ToPort", p.toPort(), 0, 65535);
            if (from > to) {
                throw Ec2Messages.invalid(p.field() + ".FromPort", from, "at most ToPort, " + to);
            }
            return new int[] {from, to};
        }
        if (protocol.equals("icmp") || protocol.equals("icmpv6")) {
            return new int[] {port(p.field() + ".FromPort", p.fromPort(), -1, 255),
                    port(p.field() + ".ToPort", p.toPort(), -1, 255)};
        }
        return new int[] {-1, -1};
    }

    private static int port(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw Ec2Messages.invalid(field, value, min + "-" + max);
        }
        return value;
    }

    private static String ipv4(String cidr) {
        Ipv4Block block = Ipv4Block.parse(cidr);
        if (block == null) {
            throw Ec2Messages.invalidCidr("cidrIp", cidr);
        }
        return block.toString();
    }

    private static String ipv6(String cidr) {
        if (cidr == null || cidr.indexOf(':') < 0) {
            throw Ec2Messages.invalidCidr("cidrIpv6", cidr);
        }
        try {
            Cidr.parse("CidrIpv6", cidr);
        } catch (RuntimeException e) {
            throw Ec2Messages.invalidCidr("cidrIpv6", cidr);
        }
        return cidr.toLowerCase(Locale.ROOT);
    }
}
