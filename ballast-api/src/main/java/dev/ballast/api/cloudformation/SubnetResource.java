package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.ec2.Ec2Control;
import dev.ballast.control.ec2.Subnet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::EC2::Subnet} on the EC2 subnet commands: Ref is the subnet id; the VPC, block and zone replace it;
 * the launch flags and tags are recorded (Ballast launches no instances).
 *
 * <p>Thread-safe (the commands are).
 */
final class SubnetResource implements ResourceProvisioner {
    private final Ec2Control ec2;

    SubnetResource(Ec2Control ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Set<String> properties() {
        return Set.of("VpcId", "CidrBlock", "AvailabilityZone", "AvailabilityZoneId", "MapPublicIpOnLaunch",
                "AssignIpv6AddressOnCreation", "Ipv6CidrBlock", "Ipv6Native", "EnableDns64",
                "PrivateDnsNameOptionsOnLaunch", "OutpostArn", "Tags");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("VpcId", "CidrBlock");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("VpcId", "CidrBlock", "AvailabilityZone", "AvailabilityZoneId", "Ipv6Native", "OutpostArn");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ResourceProperties p = new ResourceProperties(request.properties());
        Subnet subnet = ec2.subnets().create(p.required("VpcId"), p.required("CidrBlock"),
                p.string("AvailabilityZone"));
        return provisioned(subnet);
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        return provisioned(ec2.state().subnets().get(current.physicalId()));
    }

    @Override
    public void delete(StackResourceEntry current) {
        if (ec2.state().subnets().containsKey(current.physicalId())) {
            ec2.subnets().delete(current.physicalId());
        }
    }

    private static Provisioned provisioned(Subnet subnet) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("SubnetId", subnet.id());
        attributes.put("VpcId", subnet.vpcId());
        attributes.put("CidrBlock", subnet.cidrBlock());
        attributes.put("AvailabilityZone", subnet.availabilityZone());
        attributes.put("Ipv6CidrBlocks", List.of());
        return new Provisioned(subnet.id(), attributes);
    }
}
