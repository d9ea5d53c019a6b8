package dev.ballast.control.ec2;

import java.util.List;

/**
 * Where a load balancer sits once its subnets and security groups are resolved: its VPC, its subnets (one per zone)
 * and its security groups (the VPC's {@code default} group when the request named none).
 *
 * <p>Thread-safe (immutable).
 */
public record LoadBalancerPlacement(String vpcId, List<String> subnets, List<String> securityGroups) {
    /** Copies the lists. */
    public LoadBalancerPlacement {
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
    }
}
