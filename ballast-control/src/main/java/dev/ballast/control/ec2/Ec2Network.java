package dev.ballast.control.ec2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The EC2 resources as the load-balancing APIs see them: resolves the subnets and security groups of a
 * CreateLoadBalancer, SetSubnets or SetSecurityGroups to a {@link LoadBalancerPlacement}, with the errors ELB
 * answers (not EC2's): an unknown subnet is {@code SubnetNotFound}, two subnets in one zone or of two VPCs are
 * {@code InvalidConfigurationRequest}, an unknown group is {@code InvalidSecurityGroup}.
 *
 * <p>Thread-safe: reads the writer's latest committed state.
 */
public final class Ec2Network {
    private final Supplier<Ec2State> state;

    /** Resolves against the state {@code state} supplies. */
    public Ec2Network(Supplier<Ec2State> state) {
        this.state = state;
    }

    /** The subnet {@code id}, or null. */
    public Subnet subnet(String id) {
        return state.get().subnets().get(id);
    }

    /** The security group {@code id}, or null. */
    public SecurityGroup group(String id) {
        return state.get().groups().get(id);
    }

    /** The default VPC's default subnet of the first zone (where a load balancer without subnets is), or null. */
    public String defaultSubnet() {
        Subnet first = subnet(DefaultVpc.subnetId(0));
        return first == null ? null : first.id();
    }

    /** The default subnet of {@code zone}, or null. */
    public Subnet defaultSubnetOf(String zone) {
        return state.get().subnets().values().stream().filter(s -> s.defaultForAz()
                && s.availabilityZone().equals(zone)).findFirst().orElse(null);
    }

    /**
     * Resolves {@code subnets} (empty: the default subnet of the first zone) and {@code groups}; with
     * {@code defaultGroup}, no groups means the VPC's {@code default} group.
     *
     * @param invalidConfiguration the API's InvalidConfigurationRequest (Classic answers 409, ELBv2 400)
     * @param groupNotFound the API's text for an unknown security group
     */
    public LoadBalancerPlacement place(List<String> subnets, List<String> groups, boolean defaultGroup,
                                       AwsError invalidConfiguration, String groupNotFound) {
        Ec2State s = state.get();
        List<String> ids = subnets.isEmpty() && defaultSubnet() != null ? List.of(defaultSubnet()) : subnets;
        String vpcId = null;
        Set<String> zones = new HashSet<>();
        for (String id : ids) {
            Subnet subnet = s.subnets().get(id);
            if (subnet == null) {
                throw new AwsException(AwsError.SUBNET_NOT_FOUND, "The specified subnet does not exist.");
            }
            if (vpcId != null && !vpcId.equals(subnet.vpcId())) {
                throw new AwsException(invalidConfiguration, "Subnets: " + String.join(", ", ids)
                        + " (expected: subnets of one VPC; " + id + " is in " + subnet.vpcId() + ", not " + vpcId
                        + ")");
            }
            vpcId = subnet.vpcId();
            if (!zones.add(subnet.availabilityZone())) {
                throw new AwsException(invalidConfiguration, "A load balancer cannot be attached to multiple"
                        + " subnets in the same Availability Zone.");
            }
        }
        List<String> resolved = new ArrayList<>();
        for (String id : groups) {
            SecurityGroup group = s.groups().get(id);
            if (group == null) {
                throw new AwsException(AwsError.INVALID_SECURITY_GROUP, groupNotFound);
            }
            if (vpcId != null && !group.vpcId().equals(vpcId)) {
                throw new AwsException(invalidConfiguration, "Security group '" + id + "' does not belong to VPC '"
                        + vpcId + "'");
            }
            resolved.add(id);
        }
        if (resolved.isEmpty() && defaultGroup && vpcId != null && s.defaultGroup(vpcId) != null) {
            resolved.add(s.defaultGroup(vpcId).id());
        }
        return new LoadBalancerPlacement(vpcId, ids, resolved);
    }
}
