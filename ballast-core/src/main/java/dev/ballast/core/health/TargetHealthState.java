package dev.ballast.core.health;

/**
 * The health state of a target as {@code DescribeTargetHealth} reports it; {@link #wire()} is AWS's string.
 *
 * <p>Thread-safe (enum).
 */
public enum TargetHealthState {
    /** Registration or the initial health checks are in progress. */
    INITIAL("initial"),
    /** The target passed its health checks. */
    HEALTHY("healthy"),
    /** The target failed unhealthy-threshold consecutive health checks. */
    UNHEALTHY("unhealthy"),
    /** The target is not registered, or its group is not used by any listener. */
    UNUSED("unused"),
    /** The target was deregistered and the deregistration delay has not elapsed. */
    DRAINING("draining"),
    /** Health checks are disabled for the target group. */
    UNAVAILABLE("unavailable");

    private final String wire;

    TargetHealthState(String wire) {
        this.wire = wire;
    }

    /** AWS's wire string. */
    public String wire() {
        return wire;
    }
}
