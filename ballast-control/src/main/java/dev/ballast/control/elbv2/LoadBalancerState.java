package dev.ballast.control.elbv2;

/**
 * What DescribeLoadBalancers shows as {@code State}: {@code active}, or {@code failed} with the reason when a
 * stored listener of the load balancer cannot be served (its port or address cannot be bound).
 *
 * @param code {@code active} or {@code failed}
 * @param reason why it failed, or null when active
 *
 * <p>Thread-safe (immutable).
 */
public record LoadBalancerState(String code, String reason) {
    /** Every listener is served. */
    public static final LoadBalancerState ACTIVE = new LoadBalancerState("active", null);

    /** At least one listener is not served, for {@code reason}. */
    public static LoadBalancerState failed(String reason) {
        return new LoadBalancerState("failed", reason);
    }
}
