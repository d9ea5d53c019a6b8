package dev.ballast.control.ec2;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.security.IngressRule;
import dev.ballast.core.security.SecurityGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2's part of the data plane's configuration: the inbound rules of every security group, in the form the data
 * plane enforces ({@code -1} is every protocol and port; ICMP and other IP protocols never reach a listener and are
 * left out). The load-balancing parts say which groups each load balancer has.
 *
 * <p>Thread-safe (stateless).
 */
public final class SecurityGroupSnapshot {
    private SecurityGroupSnapshot() {}

    /** The configuration part of {@code state}. */
    public static ConfigSnapshot of(Ec2State state) {
        Map<String, List<IngressRule>> rules = new LinkedHashMap<>();
        state.groups().values().forEach(g -> rules.put(g.id(), ingress(g)));
        return new ConfigSnapshot(state.revision(), List.of(), List.of(), List.of(), TargetAddresses.none(),
                List.of(), new SecurityGroups(Map.of(), rules));
    }

    private static List<IngressRule> ingress(SecurityGroup group) {
        List<IngressRule> out = new ArrayList<>();
        for (SecurityGroupRule r : group.ingress()) {
            String protocol = r.allProtocols() ? "all" : r.protocol();
            if (!protocol.equals("all") && !protocol.equals("tcp") && !protocol.equals("udp")) {
                continue;
            }
            int from = r.allProtocols() ? 0 : r.fromPort();
            int to = r.allProtocols() ? 65535 : r.toPort();
            String cidr = r.cidrIpv4() != null ? r.cidrIpv4() : r.cidrIpv6();
            out.add(new IngressRule(protocol, from, to, cidr, cidr == null ? r.groupId() : null));
        }
        return out;
    }
}
