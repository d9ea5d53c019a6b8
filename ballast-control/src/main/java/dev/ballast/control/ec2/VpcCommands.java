package dev.ballast.control.ec2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * CreateVpc, DeleteVpc and the VPCs' lookups. A new VPC gets its {@code default} security group, as in EC2.
 *
 * <p>Thread-safe: changes go through the single {@link Ec2Writer}.
 */
public final class VpcCommands {
    /** EC2's smallest and largest VPC and subnet blocks. */
    static final int MIN_PREFIX = 16;
    static final int MAX_PREFIX = 28;

    private final Ec2Writer writer;
    private final Clock clock;
    private final Ec2Ids ids;

    VpcCommands(Ec2Writer writer, Clock clock, Ec2Ids ids) {
        this.writer = writer;
        this.clock = clock;
        this.ids = ids;
    }

    /** Creates a VPC with the IPv4 block {@code cidrBlock} and its default security group. */
    public Vpc create(String cidrBlock) {
        if (cidrBlock == null || cidrBlock.isEmpty()) {
            throw Ec2Messages.missing("CidrBlock");
        }
        Ipv4Block block = Ipv4Block.parse(cidrBlock);
        if (block == null) {
            throw Ec2Messages.invalidCidr("cidrBlock", cidrBlock);
        }
        if (block.prefixLength() < MIN_PREFIX || block.prefixLength() > MAX_PREFIX) {
            throw new AwsException(AwsError.EC2_VPC_RANGE, "The CIDR '" + cidrBlock + "' is invalid.");
        }
        long now = clock.millis();
        Vpc vpc = new Vpc(ids.next("vpc"), block.toString(), false, now);
        String groupId = ids.next("sg");
        return writer.write(d -> {
            d.vpcs.put(vpc.id(), vpc);
            d.groups.put(groupId, defaultGroup(groupId, vpc.id(), now));
            return vpc;
        });
    }

    /** Deletes the VPC {@code id} with its default group; it must have no subnets and no other groups. */
    public void delete(String id) {
        if (id == null || id.isEmpty()) {
            throw Ec2Messages.missing("VpcId");
        }
        writer.write(d -> {
            if (!d.vpcs.containsKey(id)) {
                throw Ec2Messages.vpcNotFound(id);
            }
            boolean dependents = d.subnets.values().stream().anyMatch(s -> s.vpcId().equals(id))
                    || d.groups.values().stream().anyMatch(g -> g.vpcId().equals(id) && !g.isDefault());
            if (dependents) {
                throw new AwsException(AwsError.EC2_DEPENDENCY_VIOLATION, "The vpc '" + id
                        + "' has dependencies and cannot be deleted.");
            }
            d.vpcs.remove(id);
            d.groups.values().removeIf(g -> g.vpcId().equals(id));
            return null;
        });
    }

    /** The VPCs {@code ids} in that order (every VPC when empty); an unknown id is InvalidVpcID.NotFound. */
    public List<Vpc> describe(List<String> ids) {
        Ec2State state = writer.state();
        if (ids.isEmpty()) {
            return List.copyOf(state.vpcs().values());
        }
        List<Vpc> out = new ArrayList<>();
        for (String id : ids) {
            Vpc vpc = state.vpcs().get(id);
            if (vpc == null) {
                throw Ec2Messages.vpcNotFound(id);
            }
            out.add(vpc);
        }
        return out;
    }

    /**
     * A VPC's {@code default} group as EC2 makes it: inbound, all traffic from members of the group itself; outbound,
     * all traffic to anywhere.
     */
    static SecurityGroup defaultGroup(String groupId, String vpcId, long now) {
        return new SecurityGroup(groupId, SecurityGroup.DEFAULT_NAME, "default VPC security group", vpcId,
                List.of(new SecurityGroupRule("-1", -1, -1, null, null, groupId, null)),
                List.of(new SecurityGroupRule("-1", -1, -1, "0.0.0.0/0", null, null, null)), now);
    }
}
