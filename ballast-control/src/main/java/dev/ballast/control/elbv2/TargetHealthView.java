package dev.ballast.control.elbv2;

/**
 * One target's health as DescribeTargetHealth shows it: AWS's state, reason code and description.
 *
 * @param reason null when healthy
 * @param description null when healthy
 *
 * <p>Thread-safe (immutable).
 */
public record TargetHealthView(String state, String reason, String description) {
    /** A healthy target. */
    public static final TargetHealthView HEALTHY = new TargetHealthView("healthy", null, null);
    /** A target that is not registered. */
    public static final TargetHealthView NOT_REGISTERED = new TargetHealthView("unused", "Target.NotRegistered",
            "Target is not registered to the target group");
    /** A target of a group that no listener uses. */
    public static final TargetHealthView NOT_IN_USE = new TargetHealthView("unused", "Target.NotInUse",
            "Target group is not configured to receive traffic from the load balancer");
    /** A target of a group whose health checks are disabled. */
    public static final TargetHealthView CHECKS_DISABLED = new TargetHealthView("unavailable",
            "Target.HealthCheckDisabled", "Health checks are disabled");
}
