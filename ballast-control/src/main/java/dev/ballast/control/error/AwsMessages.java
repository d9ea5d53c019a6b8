package dev.ballast.control.error;

import java.util.List;

/**
 * The message texts AWS answers with for ELBv2 and Classic errors that have a fixed text, in one place; docs/api.md
 * ("Error texts") names the public source of each. Paths without an AWS text keep the form
 * {@code field: value (expected: ...)}.
 *
 * <p>Thread-safe (stateless).
 */
public final class AwsMessages {
    private AwsMessages() {}

    /** ELBv2: a load balancer named by its ARN in a call about that load balancer or its children. */
    public static AwsException loadBalancerNotFound(String arn) {
        return new AwsException(AwsError.LOAD_BALANCER_NOT_FOUND, "Load balancer '" + arn + "' not found");
    }

    /** ELBv2 DescribeLoadBalancers: one of {@code LoadBalancerArns} does not exist. */
    public static AwsException loadBalancersNotFound() {
        return new AwsException(AwsError.LOAD_BALANCER_NOT_FOUND, "One or more load balancers not found");
    }

    /** ELBv2 DescribeLoadBalancers: {@code Names} that do not exist, listed as AWS lists them ({@code [a, b]}). */
    public static AwsException loadBalancersNotFound(List<String> names) {
        return new AwsException(AwsError.LOAD_BALANCER_NOT_FOUND, "Load balancers '" + names + "' not found");
    }

    /** ELBv2: a target group named by ARN or name does not exist. */
    public static AwsException targetGroupsNotFound() {
        return new AwsException(AwsError.TARGET_GROUP_NOT_FOUND, "One or more target groups not found");
    }

    /** ELBv2: an action forwards to a target group that does not exist. */
    public static AwsException actionTargetGroupNotFound(String arn) {
        return new AwsException(AwsError.TARGET_GROUP_NOT_FOUND, "Target group '" + arn + "' not found");
    }

    /** ELBv2: a listener ARN that does not exist. */
    public static AwsException listenersNotFound() {
        return new AwsException(AwsError.LISTENER_NOT_FOUND, "One or more listeners not found");
    }

    /** ELBv2: a rule ARN that does not exist. */
    public static AwsException rulesNotFound() {
        return new AwsException(AwsError.RULE_NOT_FOUND, "One or more rules not found");
    }

    /** ELBv2 CreateRule / SetRulePriorities: the priority is taken by another rule of the listener. */
    public static AwsException priorityInUse(int priority) {
        return new AwsException(AwsError.PRIORITY_IN_USE, "Priority '" + priority + "' is currently in use");
    }

    /** ELBv2 SetRulePriorities: two rules are given the same priority in one call. */
    public static AwsException priorityGivenTwice(int priority) {
        return new AwsException(AwsError.VALIDATION_ERROR, "Priority '" + priority + "' was provided multiple times");
    }

    /** ELBv2 CreateListener without {@code Port}. */
    public static AwsException listenerPortMissing() {
        return new AwsException(AwsError.VALIDATION_ERROR, "A listener port must be specified");
    }

    /** ELBv2: a listener protocol that the load balancer's type does not serve; {@code allowed} as AWS lists it. */
    public static AwsException listenerProtocolNotAllowed(String protocol, String allowed) {
        return new AwsException(AwsError.VALIDATION_ERROR, "Listener protocol '" + protocol + "' must be one of '"
                + allowed + "'");
    }

    /** ELBv2 RegisterTargets: an {@code alb} target whose port is none of its load balancer's listener ports. */
    public static AwsException albTargetWithoutListener() {
        return new AwsException(AwsError.VALIDATION_ERROR, "If the target type is ALB, the target must have at least "
                + "one listener that matches the target group port or any specified port overrides");
    }

    /** ELBv2 DeleteLoadBalancer: the load balancer is still a target (of an {@code alb} target group). */
    public static AwsException loadBalancerAssociated(String arn) {
        return new AwsException(AwsError.RESOURCE_IN_USE, "Load balancer '" + arn
                + "' cannot be deleted because it is currently associated with another service");
    }

    /** Classic DescribeLoadBalancers: a name that does not exist. */
    public static AwsException classicLoadBalancerNotFound(String name) {
        return new AwsException(AwsError.LOAD_BALANCER_NOT_FOUND, "Cannot find Load Balancer " + name);
    }

    /** Classic: any other call naming a load balancer that does not exist. */
    public static AwsException classicNoActiveLoadBalancer(String name) {
        return new AwsException(AwsError.LOAD_BALANCER_NOT_FOUND, "There is no ACTIVE Load Balancer named '" + name
                + "'");
    }
}
