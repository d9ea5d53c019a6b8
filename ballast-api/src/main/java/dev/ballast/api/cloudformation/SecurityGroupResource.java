package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.ec2.Ec2Control;
import dev.ballast.control.ec2.IpPermission;
import dev.ballast.control.ec2.SecurityGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::EC2::SecurityGroup} on the EC2 security group commands: Ref and GroupId are the group id; the name,
 * description and VPC replace it; the inline rules are authorized and, on update, the difference revoked and
 * authorized. A template's {@code SecurityGroupEgress} replaces the group's default all-outbound rule, as on AWS.
 *
 * <p>Thread-safe (the commands are).
 */
final class SecurityGroupResource implements ResourceProvisioner {
    private static final String INGRESS = "SecurityGroupIngress";
    private static final String EGRESS = "SecurityGroupEgress";

    private final Ec2Control ec2;

    SecurityGroupResource(Ec2Control ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Set<String> properties() {
        return Set.of("GroupName", "GroupDescription", "VpcId", INGRESS, EGRESS, "Tags");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("GroupDescription");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("GroupName", "GroupDescription", "VpcId");
    }

    @Override
    public String nameProperty() {
        return "GroupName";
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ResourceProperties p = new ResourceProperties(request.properties());
        String name = p.string("GroupName");
        SecurityGroup group = ec2.groups().create(name != null ? name : request.generatedName(255, "[^A-Za-z0-9._-]"),
                p.required("GroupDescription"), p.string("VpcId"));
        try {
            change(group.id(), List.of(), ingress(p), true);
            change(group.id(), List.of(SecurityGroupRuleProperties.ALL_OUTBOUND), egress(p), false);
        } catch (RuntimeException e) {
            // A rule EC2 refuses fails the resource: the group it would have been made with goes too.
            ec2.groups().delete(group.id(), null);
            throw e;
        }
        return provisioned(group.id());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        ResourceProperties before = new ResourceProperties(current.properties());
        ResourceProperties now = new ResourceProperties(request.properties());
        change(current.physicalId(), ingress(before), ingress(now), true);
        change(current.physicalId(), egress(before), egress(now), false);
        return provisioned(current.physicalId());
    }

    @Override
    public void delete(StackResourceEntry current) {
        if (ec2.state().groups().containsKey(current.physicalId())) {
            ec2.groups().delete(current.physicalId(), null);
        }
    }

    private static List<IpPermission> ingress(ResourceProperties p) {
        return SecurityGroupRuleProperties.list(p, INGRESS, true);
    }

    /** The outbound rules a group has: the template's, or EC2's default when it gives none. */
    private static List<IpPermission> egress(ResourceProperties p) {
        List<IpPermission> rules = SecurityGroupRuleProperties.list(p, EGRESS, false);
        return rules.isEmpty() ? List.of(SecurityGroupRuleProperties.ALL_OUTBOUND) : rules;
    }

    /** Revokes the rules of {@code from} that {@code to} lacks, then authorizes those it adds. */
    private void change(String groupId, List<IpPermission> from, List<IpPermission> to, boolean ingress) {
        List<IpPermission> revoked = new ArrayList<>(from);
        revoked.removeAll(to);
        List<IpPermission> added = new ArrayList<>(to);
        added.removeAll(from);
        if (!revoked.isEmpty()) {
            ec2.groups().revoke(groupId, null, ingress, revoked);
        }
        if (!added.isEmpty()) {
            ec2.groups().authorize(groupId, null, ingress, added);
        }
    }

    private Provisioned provisioned(String id) {
        SecurityGroup group = ec2.state().groups().get(id);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("GroupId", id);
        attributes.put("VpcId", group.vpcId());
        return new Provisioned(id, attributes);
    }
}
