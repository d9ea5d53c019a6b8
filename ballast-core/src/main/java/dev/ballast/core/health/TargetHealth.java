package dev.ballast.core.health;

import java.util.Objects;

/**
 * The health of one target as {@code DescribeTargetHealth} shows it: a state and, unless healthy, a reason code and
 * its description.
 *
 * @param reason null when the state is {@code healthy}
 * @param description null when the state is {@code healthy}
 *
 * <p>Thread-safe (immutable).
 */
public record TargetHealth(TargetHealthState state, TargetHealthReason reason, String description) {
    /** The health of a target that passed its checks. */
    public static final TargetHealth HEALTHY = new TargetHealth(TargetHealthState.HEALTHY, null, null);
    /** What AWS answers for a target that is not registered to the group. */
    public static final TargetHealth NOT_REGISTERED = of(TargetHealthState.UNUSED, TargetHealthReason.NOT_REGISTERED);

    /** Requires a state; a reason goes with every state but healthy. */
    public TargetHealth {
        Objects.requireNonNull(state, "state");
        if (state == TargetHealthState.HEALTHY) {
            if (reason != null || description != null) {
                throw new IllegalArgumentException("a healthy target has no reason or description");
            }
        } else {
            Objects.requireNonNull(reason, "reason");
            description = description == null ? reason.description() : description;
        }
    }

    /** {@code state} with {@code reason} and AWS's description of it. */
    public static TargetHealth of(TargetHealthState state, TargetHealthReason reason) {
        return new TargetHealth(state, reason, reason.description());
    }

    /** Unhealthy because the health check answered {@code code}, which the matcher does not accept. */
    public static TargetHealth responseCodeMismatch(int code) {
        return new TargetHealth(TargetHealthState.UNHEALTHY, TargetHealthReason.RESPONSE_CODE_MISMATCH,
                String.format(TargetHealthReason.RESPONSE_CODE_MISMATCH.description(), code));
    }
}
