package dev.ballast.control.ec2;

/**
 * What the load balancers use of the EC2 resources, so that a subnet or security group in use is not deleted
 * (EC2's {@code DependencyViolation}).
 *
 * <p>Implementations must be thread-safe: the writer asks from the API threads.
 */
public interface Ec2Users {
    /** Nothing uses anything. */
    Ec2Users NONE = new Ec2Users() {
        @Override
        public boolean subnetInUse(String subnetId) {
            return false;
        }

        @Override
        public boolean groupInUse(String groupId) {
            return false;
        }
    };

    /** True if a load balancer is in {@code subnetId}. */
    boolean subnetInUse(String subnetId);

    /** True if a load balancer uses {@code groupId}. */
    boolean groupInUse(String groupId);
}
