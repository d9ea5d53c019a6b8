package dev.ballast.control.ec2;

import java.util.List;

/**
 * A security group of a VPC: the inbound rules that decide which clients may connect to the load balancers that
 * use it, and the outbound rules that decide which targets they may reach.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id e.g. {@code sg-0123456789abcdef0}
 * @param name unique within the VPC; {@code default} for the VPC's own group
 * @param createdAt epoch milliseconds, which orders the listings
 */
public record SecurityGroup(String id, String name, String description, String vpcId,
                            List<SecurityGroupRule> ingress, List<SecurityGroupRule> egress, long createdAt) {
    /** The name of the group every VPC has. */
    public static final String DEFAULT_NAME = "default";

    /** Copies the lists. */
    public SecurityGroup {
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    /** True for the VPC's {@code default} group. */
    public boolean isDefault() {
        return name.equals(DEFAULT_NAME);
    }

    /** This group with {@code rules} as its inbound ({@code ingress} true) or outbound rules. */
    public SecurityGroup withRules(boolean ingress, List<SecurityGroupRule> rules) {
        return ingress ? new SecurityGroup(id, name, description, vpcId, rules, egress, createdAt)
                : new SecurityGroup(id, name, description, vpcId, this.ingress, rules, createdAt);
    }

    /** The inbound ({@code ingress} true) or outbound rules. */
    public List<SecurityGroupRule> rules(boolean ingress) {
        return ingress ? this.ingress : egress;
    }
}
