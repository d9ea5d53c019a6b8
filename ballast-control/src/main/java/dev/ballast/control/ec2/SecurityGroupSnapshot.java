package dev.ballast.control.ec2;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.security.EgressRule;
import dev.ballast.core.security.IngressRule;
import dev.ballast.core.security.SecurityGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2's part of the data plane's configuration: the inbound and outbound rules of every security group, in the form
 * the data plane enforces ({@code -1} is every protocol and port; ICMP and other IP protocols never reach a listener
 * or a target and are left out). The load-balancing parts say which groups each load balancer has.
 *
 * <p>Thread-safe (stateless).
 */
public final class SecurityGroupSnapshot {
    private SecurityGroupSnapshot() {}

    /** The configuration part of {@code state}. */
    public static ConfigSnapshot of(Ec2State state) {
        Map<String, List<IngressRule>> rules = new LinkedHashMap<>();
        Map<String, List<EgressRule>> egress = new LinkedHashMap<>();
        state.groups().values().forEach(g -> {
            rules.put(g.id(), enforced(g.ingress(), IngressRule::new));
            egress.put(g.id(), enforced(g.egress(), EgressRule::new));
        });
        return new ConfigSnapshot(state.revision(), List.of(), List.of(), List.of(), TargetAddresses.none(),
                List.of(), new SecurityGroups(Map.of(), rules, egress));
    }

    /** The rules of {@code rules} that TCP or UDP can match, made by {@code rule}. */
    private static <R> List<R> enforced(List<SecurityGroupRule> rules, EnforcedRule<R> rule) {
        List<R> out = new ArrayList<>();
        for (SecurityGroupRule r : rules) {
            String protocol = r.allProtocols() ? "all" : r.protocol();
            if (!protocol.equals("all") && !protocol.equals("tcp") && !protocol.equals("udp")) {
                continue;
            }
            int from = r.allProtocols() ? 0 : r.fromPort();
            int to = r.allProtocols() ? 65535 : r.toPort();
            String cidr = r.cidrIpv4() != null ? r.cidrIpv4() : r.cidrIpv6();
            out.add(rule.of(protocol, from, to, cidr, cidr == null ? r.groupId() : null));
        }
        return out;
    }

    /** The constructor of an inbound or outbound rule of the data plane. */
    @FunctionalInterface
    private interface EnforcedRule<R> {
        R of(String protocol, int fromPort, int toPort, String cidr, String peerGroupId);
    }
}
