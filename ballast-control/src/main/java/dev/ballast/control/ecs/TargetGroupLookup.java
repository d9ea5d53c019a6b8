package dev.ballast.control.ecs;

/**
 * What ECS needs to know about an ELBv2 target group to validate a service's {@code loadBalancers}: whether it
 * exists, its target type and whether a listener or rule of some load balancer forwards to it. Implemented on the
 * ELBv2 control plane's state by the composition root, so that ECS does not reach into ELB internals.
 *
 * <p>Implementations must be thread-safe (they read one committed state per call).
 */
@FunctionalInterface
public interface TargetGroupLookup {
    /** No target group exists: every ARN is unknown. */
    TargetGroupLookup NONE = arn -> null;

    /** The target group {@code arn} names, or null when there is none. */
    TargetGroupInfo find(String arn);

    /**
     * The facts about one target group.
     *
     * @param targetType      {@code ip}, {@code instance}, {@code lambda} or {@code alb}
     * @param hasLoadBalancer true when a listener's default action or a rule forwards to it
     */
    record TargetGroupInfo(String arn, String targetType, boolean hasLoadBalancer) {}
}
