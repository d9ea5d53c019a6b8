package dev.ballast.api.cloudformation;

import dev.ballast.control.ec2.IpPermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CloudFormation security group rule ({@code SecurityGroupIngress}/{@code SecurityGroupEgress} items, and the
 * standalone {@code AWS::EC2::SecurityGroupIngress}/{@code Egress} resources) as the {@link IpPermission} the EC2
 * Authorize and Revoke commands take: one protocol and port range with its one peer.
 *
 * <p>Thread-safe (stateless).
 */
final class SecurityGroupRuleProperties {
    /** EC2's outbound rule of a new group, which a template's {@code SecurityGroupEgress} replaces. */
    static final IpPermission ALL_OUTBOUND = new IpPermission("SecurityGroupEgress", "-1", null, null,
            List.of(new IpPermission.IpRange("0.0.0.0/0", null)), List.of(), List.of());

    private SecurityGroupRuleProperties() {}

    /** The permissions of the rule list {@code name} of {@code properties} (empty when absent). */
    static List<IpPermission> list(ResourceProperties properties, String name, boolean ingress) {
        return properties.objects(name).stream().map(rule -> of(name, new ResourceProperties(rule), ingress))
                .toList();
    }

    /** The permission of one rule; {@code field} names it in errors. */
    static IpPermission of(String field, ResourceProperties rule, boolean ingress) {
        String description = rule.string("Description");
        String cidr = rule.string("CidrIp");
        String cidrV6 = rule.string("CidrIpv6");
        String groupId = rule.string(ingress ? "SourceSecurityGroupId" : "DestinationSecurityGroupId");
        String groupName = ingress ? rule.string("SourceSecurityGroupName") : null;
        return new IpPermission(field, rule.required("IpProtocol"), rule.integer("FromPort"), rule.integer("ToPort"),
                cidr == null ? List.of() : List.of(new IpPermission.IpRange(cidr, description)),
                cidrV6 == null ? List.of() : List.of(new IpPermission.IpRange(cidrV6, description)),
                groupId == null && groupName == null ? List.of()
                        : List.of(new IpPermission.GroupPair(groupId, groupName, description)));
    }

    /** The rule properties a standalone rule resource has beside {@code GroupId}/{@code GroupName}. */
    static List<String> ruleKeys(boolean ingress) {
        return ingress ? List.of("IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6", "SourceSecurityGroupId",
                "SourceSecurityGroupName", "SourceSecurityGroupOwnerId", "SourcePrefixListId", "Description")
                : List.of("IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6", "DestinationSecurityGroupId",
                "DestinationPrefixListId", "Description");
    }

    /** The rule properties of a standalone rule resource, its {@code GroupId}/{@code GroupName} left out. */
    static Map<String, Object> only(Map<String, Object> properties, boolean ingress) {
        Map<String, Object> out = new LinkedHashMap<>(properties);
        out.keySet().retainAll(ruleKeys(ingress));
        return out;
    }
}
