package dev.ballast.control.ec2;

import java.util.ArrayList;
import java.util.List;

/**
 * The default VPC as AWS makes one per region: {@code 172.31.0.0/16}, a default {@code /20} subnet per availability
 * zone, and its {@code default} security group. The ids are fixed and documented (docs/api.md) so that scripts can
 * name the default subnets without looking them up: the VPC is the settings' VPC id, the subnet of zone
 * {@code <region>a} is {@code subnet-0ba11a5700000000a} (b, c likewise) and the group {@code sg-0ba11a5700000000d}.
 *
 * <p>Unlike AWS's, this default group admits every client (all traffic from {@code 0.0.0.0/0} and {@code ::/0}):
 * a load balancer created without security groups keeps accepting everyone, as before security groups existed.
 * Its outbound rules allow all traffic to {@code 0.0.0.0/0} and {@code ::/0}, as AWS's in a VPC with IPv6, so such
 * a load balancer also keeps reaching IPv4 and IPv6 targets.
 *
 * <p>Thread-safe (stateless).
 */
public final class DefaultVpc {
    /** The default VPC's block. */
    public static final String CIDR = "172.31.0.0/16";
    /** The id of the default VPC's {@code default} group. */
    public static final String GROUP_ID = "sg-0ba11a5700000000d";
    private static final String SUBNET_ID_PREFIX = "subnet-0ba11a5700000000";
    private static final int SUBNET_PREFIX = 20;

    private DefaultVpc() {}

    /** The id of the default subnet of the zone with index {@code zoneIndex} (0 for the first zone). */
    public static String subnetId(int zoneIndex) {
        return SUBNET_ID_PREFIX + (char) ('a' + zoneIndex);
    }

    /** Creates the default VPC, its subnets and group in a store that has never been written. */
    static void createIfNew(Ec2Writer writer, String vpcId, AvailabilityZones zones, long now) {
        if (writer.state().revision() != 0) {
            return; // a default VPC the user deleted stays deleted, as in EC2
        }
        Ipv4Block block = Ipv4Block.parse(CIDR);
        List<Subnet> subnets = new ArrayList<>();
        for (int i = 0; i < zones.names().size(); i++) {
            long offset = (long) i << (32 - SUBNET_PREFIX);
            subnets.add(new Subnet(subnetId(i), vpcId, block.address(offset) + "/" + SUBNET_PREFIX,
                    zones.names().get(i), true, now));
        }
        SecurityGroup group = new SecurityGroup(GROUP_ID, SecurityGroup.DEFAULT_NAME, "default VPC security group",
                vpcId, List.of(new SecurityGroupRule("-1", -1, -1, "0.0.0.0/0", null, null, null),
                        new SecurityGroupRule("-1", -1, -1, null, "::/0", null, null)),
                List.of(new SecurityGroupRule("-1", -1, -1, "0.0.0.0/0", null, null, null),
                        new SecurityGroupRule("-1", -1, -1, null, "::/0", null, null)), now);
        writer.write(d -> {
            if (d.vpcs.containsKey(vpcId)) {
                return null; // another node of the cluster made it first (this command runs again after a conflict)
            }
            d.vpcs.put(vpcId, new Vpc(vpcId, CIDR, true, now));
            subnets.forEach(s -> d.subnets.put(s.id(), s));
            d.groups.put(group.id(), group);
            return null;
        });
    }
}
