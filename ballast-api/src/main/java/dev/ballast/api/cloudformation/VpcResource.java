package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.ec2.Ec2Control;
import dev.ballast.control.ec2.SecurityGroup;
import dev.ballast.control.ec2.Vpc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::EC2::VPC} on the EC2 VPC commands: Ref is the VPC id; the block replaces it; the DNS flags, tenancy and
 * tags are recorded (Ballast's VPCs have no such settings).
 *
 * <p>Thread-safe (the commands are).
 */
final class VpcResource implements ResourceProvisioner {
    private final Ec2Control ec2;

    VpcResource(Ec2Control ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Set<String> properties() {
        return Set.of("CidrBlock", "EnableDnsSupport", "EnableDnsHostnames", "InstanceTenancy", "Tags",
                "Ipv4IpamPoolId", "Ipv4NetmaskLength");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("CidrBlock");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("CidrBlock", "Ipv4IpamPoolId", "Ipv4NetmaskLength");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        Vpc vpc = ec2.vpcs().create(new ResourceProperties(request.properties()).required("CidrBlock"));
        return provisioned(vpc.id());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        return provisioned(current.physicalId());
    }

    @Override
    public void delete(StackResourceEntry current) {
        if (ec2.state().vpcs().containsKey(current.physicalId())) {
            ec2.vpcs().delete(current.physicalId());
        }
    }

    private Provisioned provisioned(String id) {
        Vpc vpc = ec2.state().vpcs().get(id);
        SecurityGroup group = ec2.state().defaultGroup(id);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("VpcId", id);
        attributes.put("CidrBlock", vpc.cidrBlock());
        attributes.put("CidrBlockAssociations", List.of());
        attributes.put("Ipv6CidrBlocks", List.of());
        if (group != null) {
            attributes.put("DefaultSecurityGroup", group.id());
        }
        // Ballast has no network ACLs: the id is shaped as AWS's and names nothing.
        attributes.put("DefaultNetworkAcl", "acl-" + id.substring("vpc-".length()));
        return new Provisioned(id, attributes);
    }
}
