package dev.ballast.control.ec2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * CreateSubnet, DeleteSubnet and the subnets' lookups. A subnet's block lies inside its VPC's and overlaps no other
 * subnet of that VPC; a subnet that a load balancer is in cannot be deleted.
 *
 * <p>Thread-safe: changes go through the single {@link Ec2Writer}.
 */
public final class SubnetCommands {
    private final Ec2Writer writer;
    private final Clock clock;
    private final Ec2Ids ids;
    private final AvailabilityZones zones;
    private final Supplier<Ec2Users> users;

    SubnetCommands(Ec2Writer writer, Clock clock, Ec2Ids ids, AvailabilityZones zones, Supplier<Ec2Users> users) {
        this.writer = writer;
        this.clock = clock;
        this.ids = ids;
        this.zones = zones;
        this.users = users;
    }

    /** Creates a subnet of {@code vpcId} with {@code cidrBlock} in {@code zone} (null: the first zone). */
    public Subnet create(String vpcId, String cidrBlock, String zone) {
        if (vpcId == null || vpcId.isEmpty()) {
            throw Ec2Messages.missing("VpcId");
        }
        if (cidrBlock == null || cidrBlock.isEmpty()) {
            throw Ec2Messages.missing("CidrBlock");
        }
        Ipv4Block block = Ipv4Block.parse(cidrBlock);
        if (block == null) {
            throw Ec2Messages.invalidCidr("cidrBlock", cidrBlock);
        }
        if (zone != null && !zones.contains(zone)) {
            throw new AwsException(AwsError.EC2_INVALID_PARAMETER_VALUE, "Value (" + zone
                    + ") for parameter availabilityZone is invalid. Subnets can currently only be created in the"
                    + " following availability zones: " + String.join(", ", zones.names()) + ".");
        }
        Subnet subnet = new Subnet(ids.next("subnet"), vpcId, block.toString(),
                zone == null ? zones.names().get(0) : zone, false, clock.millis());
        return writer.write(d -> {
            Vpc vpc = d.vpcs.get(vpcId);
            if (vpc == null) {
                throw Ec2Messages.vpcNotFound(vpcId);
            }
            if (block.prefixLength() < VpcCommands.MIN_PREFIX || block.prefixLength() > VpcCommands.MAX_PREFIX
                    || !Ipv4Block.parse(vpc.cidrBlock()).encloses(block)) {
                throw new AwsException(AwsError.EC2_SUBNET_RANGE, "The CIDR '" + cidrBlock + "' is invalid.");
            }
            boolean conflict = d.subnets.values().stream().anyMatch(s -> s.vpcId().equals(vpcId)
                    && Ipv4Block.parse(s.cidrBlock()).overlaps(block));
            if (conflict) {
                throw new AwsException(AwsError.EC2_SUBNET_CONFLICT, "The CIDR '" + cidrBlock
                        + "' conflicts with another subnet");
            }
            d.subnets.put(subnet.id(), subnet);
            return subnet;
        });
    }

    /** Deletes the subnet {@code id}; one a load balancer is in is a DependencyViolation. */
    public void delete(String id) {
        if (id == null || id.isEmpty()) {
            throw Ec2Messages.missing("SubnetId");
        }
        writer.write(d -> {
            if (!d.subnets.containsKey(id)) {
                throw Ec2Messages.subnetNotFound(id);
            }
            if (users.get().subnetInUse(id)) {
                throw new AwsException(AwsError.EC2_DEPENDENCY_VIOLATION, "The subnet '" + id
                        + "' has dependencies and cannot be deleted.");
            }
            d.subnets.remove(id);
            return null;
        });
    }

    /** The subnets {@code ids} in that order (every subnet when empty); an unknown id is InvalidSubnetID.NotFound. */
    public List<Subnet> describe(List<String> ids) {
        Ec2State state = writer.state();
        if (ids.isEmpty()) {
            return List.copyOf(state.subnets().values());
        }
        List<Subnet> out = new ArrayList<>();
        for (String id : ids) {
            Subnet subnet = state.subnets().get(id);
            if (subnet == null) {
                throw Ec2Messages.subnetNotFound(id);
            }
            out.add(subnet);
        }
        return out;
    }
}
