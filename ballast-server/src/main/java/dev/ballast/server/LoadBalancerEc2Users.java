package dev.ballast.server;

import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.ec2.Ec2Users;
import dev.ballast.control.elbv2.ElbControl;

/**
 * What the ELBv2 and Classic load balancers use of the EC2 resources: a subnet a load balancer is in, a security
 * group one uses. EC2 refuses to delete those ({@code DependencyViolation}).
 *
 * <p>Thread-safe: reads the latest committed states.
 */
final class LoadBalancerEc2Users implements Ec2Users {
    private final ElbControl elbv2;
    private final ClassicControl classic;

    LoadBalancerEc2Users(ElbControl elbv2, ClassicControl classic) {
        this.elbv2 = elbv2;
        this.classic = classic;
    }

    @Override
    public boolean subnetInUse(String subnetId) {
        return elbv2.state().loadBalancers().values().stream().anyMatch(lb -> lb.subnets().contains(subnetId))
                || classic.state().loadBalancers().values().stream().anyMatch(lb -> lb.subnets().contains(subnetId));
    }

    @Override
    public boolean groupInUse(String groupId) {
        return elbv2.state().loadBalancers().values().stream()
                .anyMatch(lb -> lb.securityGroups().contains(groupId))
                || classic.state().loadBalancers().values().stream()
                .anyMatch(lb -> lb.securityGroups().contains(groupId));
    }
}
