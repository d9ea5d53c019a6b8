package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.ec2.Ec2Control;
import dev.ballast.control.ec2.IpPermission;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::EC2::SecurityGroupIngress} and {@code AWS::EC2::SecurityGroupEgress} on the EC2 Authorize and Revoke
 * commands: one rule added to a group the template or the account has; any change replaces it (as on AWS), and
 * deleting it revokes the rule.
 *
 * <p>Thread-safe (the commands are).
 */
final class SecurityGroupRuleResource implements ResourceProvisioner {
    private final Ec2Control ec2;
    private final boolean ingress;

    SecurityGroupRuleResource(Ec2Control ec2, boolean ingress) {
        this.ec2 = ec2;
        this.ingress = ingress;
    }

    @Override
    public Set<String> properties() {
        Set<String> names = new HashSet<>(SecurityGroupRuleProperties.ruleKeys(ingress));
        names.add("GroupId");
        if (ingress) {
            names.add("GroupName");
        }
        return Set.copyOf(names);
    }

    @Override
    public Set<String> requiredProperties() {
        return ingress ? Set.of("IpProtocol") : Set.of("IpProtocol", "GroupId");
    }

    @Override
    public Set<String> replacingProperties() {
        return properties();
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ResourceProperties p = new ResourceProperties(request.properties());
        ec2.groups().authorize(p.string("GroupId"), p.string("GroupName"), ingress, permission(request.properties()));
        return new Provisioned(request.generatedName(255, "[^A-Za-z0-9-]"), Map.of());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        // Every property replaces the resource, so an update only keeps what exists.
        return new Provisioned(current.physicalId(), Map.of());
    }

    @Override
    public void delete(StackResourceEntry current) {
        ResourceProperties p = new ResourceProperties(current.properties());
        String groupId = p.string("GroupId");
        boolean groupExists = groupId == null || ec2.state().groups().containsKey(groupId);
        if (groupExists) {
            try {
                ec2.groups().revoke(groupId, p.string("GroupName"), ingress, permission(current.properties()));
            } catch (dev.ballast.control.error.AwsException e) {
                // The rule (or the group named by name) is already gone: nothing to delete.
            }
        }
    }

    private List<IpPermission> permission(Map<String, Object> properties) {
        String field = ingress ? "SecurityGroupIngress" : "SecurityGroupEgress";
        return List.of(SecurityGroupRuleProperties.of(field,
                new ResourceProperties(SecurityGroupRuleProperties.only(properties, ingress)), ingress));
    }
}
