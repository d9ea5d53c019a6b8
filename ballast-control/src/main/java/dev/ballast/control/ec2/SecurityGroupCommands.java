package dev.ballast.control.ec2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * CreateSecurityGroup, DeleteSecurityGroup, Authorize/RevokeSecurityGroupIngress/Egress and the groups' lookups.
 * A group is named by id, or by name in the default VPC, as EC2 does. A rule that exists already is
 * {@code InvalidPermission.Duplicate}, one that does not exist {@code InvalidPermission.NotFound}; either way the
 * whole request changes nothing.
 *
 * <p>Thread-safe: changes go through the single {@link Ec2Writer}.
 */
public final class SecurityGroupCommands {
    private static final int MAX_NAME = 255;

    private final Ec2Writer writer;
    private final Clock clock;
    private final Ec2Ids ids;
    private final Supplier<Ec2Users> users;

    SecurityGroupCommands(Ec2Writer writer, Clock clock, Ec2Ids ids, Supplier<Ec2Users> users) {
        this.writer = writer;
        this.clock = clock;
        this.ids = ids;
        this.users = users;
    }

    /** Creates the group {@code name} in {@code vpcId} (null: the default VPC). */
    public SecurityGroup create(String name, String description, String vpcId) {
        if (name == null || name.isEmpty()) {
            throw Ec2Messages.missing("GroupName");
        }
        if (description == null || description.isEmpty()) {
            throw Ec2Messages.missing("GroupDescription");
        }
        if (name.length() > MAX_NAME || description.length() > MAX_NAME) {
            throw Ec2Messages.invalid(name.length() > MAX_NAME ? "GroupName" : "GroupDescription",
                    name.length() > MAX_NAME ? name : description, "at most " + MAX_NAME + " characters");
        }
        if (name.startsWith("sg-")) {
            throw new AwsException(AwsError.EC2_INVALID_PARAMETER_VALUE,
                    "Group names may not be in the format sg-*.");
        }
        if (name.equals(SecurityGroup.DEFAULT_NAME)) {
            throw new AwsException(AwsError.EC2_GROUP_RESERVED, "The security group '" + name + "' is reserved");
        }
        String id = ids.next("sg");
        long now = clock.millis();
        return writer.write(d -> {
            String vpc = vpcId != null ? vpcId : defaultVpcId(d);
            if (!d.vpcs.containsKey(vpc)) {
                throw Ec2Messages.vpcNotFound(vpc);
            }
            if (d.groups.values().stream().anyMatch(g -> g.vpcId().equals(vpc) && g.name().equals(name))) {
                throw new AwsException(AwsError.EC2_GROUP_DUPLICATE, "The security group '" + name
                        + "' already exists for VPC '" + vpc + "'");
            }
            // EC2 gives a new group one outbound rule, all traffic to anywhere, and no inbound rule
            SecurityGroup group = new SecurityGroup(id, name, description, vpc, List.of(),
                    List.of(new SecurityGroupRule("-1", -1, -1, "0.0.0.0/0", null, null, null)), now);
            d.groups.put(id, group);
            return group;
        });
    }

    /** Deletes the group named by {@code groupId} or {@code groupName}. */
    public void delete(String groupId, String groupName) {
        writer.write(d -> {
            SecurityGroup group = find(d, groupId, groupName);
            if (group.isDefault()) {
                throw new AwsException(AwsError.EC2_CANNOT_DELETE, "the specified group: \"" + group.id()
                        + "\" name: \"default\" cannot be deleted by a user");
            }
            boolean referenced = d.groups.values().stream().filter(g -> !g.id().equals(group.id()))
                    .anyMatch(g -> referencesGroup(g, group.id()));
            if (referenced || users.get().groupInUse(group.id())) {
                throw new AwsException(AwsError.EC2_DEPENDENCY_VIOLATION, "resource " + group.id()
                        + " has a dependent object");
            }
            d.groups.remove(group.id());
            return null;
        });
    }

    /** The groups named by {@code groupIds} and {@code groupNames}, in that order (every group when both are empty). */
    public List<SecurityGroup> describe(List<String> groupIds, List<String> groupNames) {
        Ec2State state = writer.state();
        if (groupIds.isEmpty() && groupNames.isEmpty()) {
            return List.copyOf(state.groups().values());
        }
        List<SecurityGroup> out = new ArrayList<>();
        Ec2Draft view = Ec2Draft.of(state);
        groupIds.forEach(id -> out.add(find(view, id, null)));
        groupNames.forEach(name -> out.add(find(view, null, name)));
        return out.stream().distinct().toList();
    }

    /** Adds the rules of {@code permissions} to the inbound ({@code ingress} true) or outbound rules of a group. */
    public SecurityGroup authorize(String groupId, String groupName, boolean ingress, List<IpPermission> permissions) {
        return writer.write(d -> {
            SecurityGroup group = find(d, groupId, groupName);
            List<SecurityGroupRule> rules = new ArrayList<>(group.rules(ingress));
            for (SecurityGroupRule rule : rules(d, group, permissions)) {
                if (rules.stream().anyMatch(rule::sameAs)) {
                    throw new AwsException(AwsError.EC2_PERMISSION_DUPLICATE, "the specified rule \""
                            + SecurityGroupRules.describe(rule) + "\" already exists");
                }
                rules.add(rule);
            }
            SecurityGroup next = group.withRules(ingress, rules);
            d.groups.put(group.id(), next);
            return next;
        });
    }

    /** Removes the rules of {@code permissions}; each must exist. */
    public SecurityGroup revoke(String groupId, String groupName, boolean ingress, List<IpPermission> permissions) {
        return writer.write(d -> {
            SecurityGroup group = find(d, groupId, groupName);
            List<SecurityGroupRule> rules = new ArrayList<>(group.rules(ingress));
            for (SecurityGroupRule rule : rules(d, group, permissions)) {
                if (!rules.removeIf(rule::sameAs)) {
                    throw new AwsException(AwsError.EC2_PERMISSION_NOT_FOUND,
                            "The specified rule does not exist in this security group.");
                }
            }
            SecurityGroup next = group.withRules(ingress, rules);
            d.groups.put(group.id(), next);
            return next;
        });
    }

    private static List<SecurityGroupRule> rules(Ec2Draft d, SecurityGroup group, List<IpPermission> permissions) {
        if (permissions.isEmpty()) {
            throw Ec2Messages.missing("IpPermissions");
        }
        return SecurityGroupRules.of(permissions, d.groups, name -> d.groups.values().stream()
                .filter(g -> g.vpcId().equals(group.vpcId()) && g.name().equals(name))
                .map(SecurityGroup::id).findFirst().orElse(null));
    }

    private static boolean referencesGroup(SecurityGroup group, String id) {
        return group.ingress().stream().anyMatch(r -> id.equals(r.groupId()))
                || group.egress().stream().anyMatch(r -> id.equals(r.groupId()));
    }

    /** The group with {@code groupId}, or else the group {@code groupName} of the default VPC. */
    private static SecurityGroup find(Ec2Draft d, String groupId, String groupName) {
        if (groupId != null && !groupId.isEmpty()) {
            SecurityGroup group = d.groups.get(groupId);
            if (group == null) {
                throw Ec2Messages.groupNotFound(groupId);
            }
            return group;
        }
        if (groupName == null || groupName.isEmpty()) {
            throw Ec2Messages.missing("GroupId");
        }
        String vpc = defaultVpcId(d);
        return d.groups.values().stream().filter(g -> g.vpcId().equals(vpc) && g.name().equals(groupName))
                .findFirst().orElseThrow(() -> vpc.isEmpty() ? Ec2Messages.groupNotFound(groupName)
                        : Ec2Messages.groupNameNotFound(groupName, vpc));
    }

    private static String defaultVpcId(Ec2Draft d) {
        return d.vpcs.values().stream().filter(Vpc::isDefault).map(Vpc::id).findFirst().orElse("");
    }
}
