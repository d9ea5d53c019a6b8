package dev.ballast.api.ec2;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.ec2.IpPermission;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rules of an Authorize or Revoke request: the {@code IpPermissions.N} structures (with
 * {@code IpRanges.M}, {@code Ipv6Ranges.M} and {@code Groups.M}, EC2's wire name of {@code UserIdGroupPairs}), or
 * the older single rule given by {@code IpProtocol}, {@code FromPort}, {@code ToPort}, {@code CidrIp} and
 * {@code SourceSecurityGroupName}.
 *
 * <p>Thread-safe (stateless).
 */
final class IpPermissionParams {
    private IpPermissionParams() {}

    static List<IpPermission> read(QueryParams p) {
        List<IpPermission> out = new ArrayList<>();
        List<QueryParams> structs = Ec2Params.structs(p, "IpPermissions");
        for (int i = 0; i < structs.size(); i++) {
            QueryParams s = structs.get(i);
            out.add(new IpPermission(s.path("").replaceAll("\\.$", ""), s.get("IpProtocol"),
                    Ec2Params.integer(s, "FromPort"), Ec2Params.integer(s, "ToPort"),
                    Ec2Params.structs(s, "IpRanges").stream()
                            .map(r -> new IpPermission.IpRange(r.get("CidrIp"), r.get("Description"))).toList(),
                    Ec2Params.structs(s, "Ipv6Ranges").stream()
                            .map(r -> new IpPermission.IpRange(r.get("CidrIpv6"), r.get("Description"))).toList(),
                    Ec2Params.structs(s, "Groups").stream().map(g -> new IpPermission.GroupPair(g.get("GroupId"),
                            g.get("GroupName"), g.get("Description"))).toList()));
        }
        if (p.get("IpProtocol") != null || p.get("CidrIp") != null || p.get("SourceSecurityGroupName") != null) {
            String cidr = p.get("CidrIp");
            String source = p.get("SourceSecurityGroupName");
            out.add(new IpPermission("IpProtocol", p.get("IpProtocol") == null ? "-1" : p.get("IpProtocol"),
                    Ec2Params.integer(p, "FromPort"), Ec2Params.integer(p, "ToPort"),
                    cidr == null ? List.of() : List.of(new IpPermission.IpRange(cidr, null)), List.of(),
                    source == null ? List.of() : List.of(new IpPermission.GroupPair(null, source, null))));
        }
        return out;
    }
}
