package dev.ballast.control.elbv2;

/**
 * What DescribeLoadBalancers shows as {@code State}: {@code active}, or {@code failed} with the reason when a
 * stored listener of the load balancer cannot be served (its port or address cannot be bound); CreateLoadBalancer
 * answers a new load balancer as {@code provisioning}.
 *
 * @param code {@code provisioning}, {@code active} or {@code failed}
 * @param reason why it failed, or null when active
 *
 * <p>Thread-safe (immutable).
 */
public record LoadBalancerState(String code, String reason) {
    /** Every listener is served. */
    public static final LoadBalancerState ACTIVE = new LoadBalancerState("active", null);

    /**
     * A load balancer being created, as CreateLoadBalancer answers it on AWS. Ballast applies the new configuration
     * before it answers, so the next DescribeLoadBalancers already shows it {@code active}.
     */
    public static final LoadBalancerState PROVISIONING = new LoadBalancerState("provisioning", null);

    /** At least one listener is not served, for {@code reason}. */
    public static LoadBalancerState failed(String reason) {
        return new LoadBalancerState("failed", reason);
    }
}
