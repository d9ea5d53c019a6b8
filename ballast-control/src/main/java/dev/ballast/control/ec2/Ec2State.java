package dev.ballast.control.ec2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of the EC2 resources: VPCs, subnets and security groups by id, each in creation order.
 *
 * <p>Thread-safe (immutable).
 */
public record Ec2State(long revision, Map<String, Vpc> vpcs, Map<String, Subnet> subnets,
                       Map<String, SecurityGroup> groups) {
    /** Copies the maps, keeping their order. */
    public Ec2State {
        vpcs = Collections.unmodifiableMap(new LinkedHashMap<>(vpcs));
        subnets = Collections.unmodifiableMap(new LinkedHashMap<>(subnets));
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** The {@code default} security group of {@code vpcId}, or null. */
    public SecurityGroup defaultGroup(String vpcId) {
        return groups.values().stream().filter(g -> g.vpcId().equals(vpcId) && g.isDefault()).findFirst()
                .orElse(null);
    }

    /** The default VPC, or null when it was deleted. */
    public Vpc defaultVpc() {
        return vpcs.values().stream().filter(Vpc::isDefault).findFirst().orElse(null);
    }
}
