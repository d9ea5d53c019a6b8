package dev.ballast.control.route53;

/**
 * Whether a name is a load balancer's DNS name (or its {@code dualstack.} form), which an alias record may target.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface LoadBalancerNames {
    /** True when {@code dnsName} (absolute, lower case) names a load balancer now. */
    boolean exists(String dnsName);
}
